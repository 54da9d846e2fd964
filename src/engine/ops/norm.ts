// Autograd ops: norm family. (To be written.)
export {};
