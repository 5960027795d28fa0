import onnxProto from 'onnx-proto';

/** The generated protobuf classes of the ONNX schema (`onnx-proto`), loaded once. */
export const onnx: typeof onnxProto.onnx = onnxProto.onnx;

/** A model (`ModelProto`) as decoded or built. */
export type ModelProto = onnxProto.onnx.IModelProto;
/** A graph (`GraphProto`). */
export type GraphProto = onnxProto.onnx.IGraphProto;
/** A node (`NodeProto`). */
export type NodeProto = onnxProto.onnx.INodeProto;
/** A tensor (`TensorProto`): initializers and constants. */
export type TensorProto = onnxProto.onnx.ITensorProto;
/** A node attribute (`AttributeProto`). */
export type AttributeProto = onnxProto.onnx.IAttributeProto;
/** A typed value declaration (`ValueInfoProto`): graph inputs and outputs. */
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
