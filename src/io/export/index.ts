/**
 * Taking a trained model elsewhere (browser-safe: nothing here reads or writes files):
 * - `toOnnx`: an ONNX graph of standard operators, optionally with the preprocessing;
 * - `toStandaloneModule`: one dependency-free ES module exporting `predict(row)`;
 * - `toSafetensors` / `fromSafetensors`: weights in the layout of a `torch.nn.Sequential`.
 * See docs/export.md.
 */
export { toOnnx, ONNX_MIN_OPSET, ONNX_MAX_OPSET } from './onnx.js';
export type { OnnxExportOptions } from './onnx.js';
export { toStandaloneModule } from './standalone.js';
export type { StandaloneOptions } from './standalone.js';
export { toSafetensors, fromSafetensors, architectureOfModel, SAFETENSORS_FORMAT } from './weights.js';
export type { FromSafetensorsOptions, ToSafetensorsOptions } from './weights.js';
export { decodeSafetensors, encodeSafetensors } from './safetensors.js';
export type { SafetensorsDType, SafetensorsFile, TensorEntry, TensorToWrite } from './safetensors.js';
export { architectureOf, sequentialOf } from './torch-layout.js';
export type { ArchitectureLayer, LinearSlot, SequentialArchitecture, TorchActivationType, TorchModule } from './torch-layout.js';
