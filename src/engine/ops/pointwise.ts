// Autograd ops: pointwise family. (To be written.)
export {};
