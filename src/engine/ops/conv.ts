// Autograd ops: conv family. (To be written.)
export {};
