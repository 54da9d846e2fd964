// Autograd ops: optim family. (To be written.)
export {};
