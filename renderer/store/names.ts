/** How the UI names a layer: its type and its label, or its id when it has none ("Linear fc2"). One rule with the core's messages. */
export { nodeName } from '../../core/graph/names';
