// Entry point of the WASM kernels: everything the backend calls.
export { beginJob, openJob, closeJob, chunksDone } from "./parallel";
export { gemmNN, gemmTT, PACK_BYTES } from "./gemm";
export { gemmNT } from "./gemm_nt";
export { activate, activationBackward, activate64, activationBackward64 } from "./activations";
export { mul, axpy, scale, sumOf, addPenaltyGradient, clipByValue, sumRows } from "./elementwise";
export { sgd, adam, rmsprop, adagrad } from "./optim";
export { gemmNN64, gemmNT64, gemmTT64, sumRows64 } from "./gemm64";
