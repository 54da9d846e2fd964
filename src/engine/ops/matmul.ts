// Autograd ops: matmul family. (To be written.)
export {};
