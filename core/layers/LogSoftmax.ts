import { softmaxLayer } from './softmaxLayer';

/** Feeds NLLLoss: LogSoftmax + NLLLoss is CrossEntropyLoss, written out. */
export const LogSoftmax = softmaxLayer('LogSoftmax', 'LogSoftmax', 'log(Softmax(x)) over dim, computed stably (feeds NLLLoss)');
