#!/bin/sh
# Copies the four official Fashion-MNIST gzip IDX files (60,000 training and 10,000 test
# images, MIT licence, Zalando Research) from Debian's dataset-fashion-mnist package into
# public/data/fashion-mnist/. The copies are committed, so CI does not need the package.
# Usage: sh scripts/copy-fashion-mnist.sh   (after: apt-get install dataset-fashion-mnist)
set -eu
src=/usr/share/datasets/fashion-mnist
dest="$(dirname "$0")/../public/data/fashion-mnist"
if [ ! -d "$src" ]; then
  echo "error: $src not found; install Debian's dataset-fashion-mnist package first." >&2
  exit 1
fi
mkdir -p "$dest"
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
  cp "$src/$f" "$dest/$f"
done
cp /usr/share/doc/dataset-fashion-mnist/copyright "$dest/COPYRIGHT"
echo "copied Fashion-MNIST to $dest"
