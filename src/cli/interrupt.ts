import type { FitOptions, History, Matrix, Model } from '../index.js';

/** What `fitInterruptibly` returns: the history, and whether Ctrl-C stopped it. */
export interface InterruptibleFit {
  history: History;
  /** true when SIGINT (Ctrl-C) ended training; the model holds the last complete epoch */
  interrupted: boolean;
}

/**
 * Trains with `model.fitAsync`, Ctrl-C (SIGINT) wired to its AbortSignal: the first Ctrl-C stops
 * training after the current step (fitAsync yields to the event loop often, so within a second)
 * and the model keeps the weights of the last complete epoch, for the caller to save. A second
 * Ctrl-C while stopping exits at once (130), as a shell user expects.
 */
export async function fitInterruptibly(model: Model, x: Matrix, y: Matrix, options: FitOptions, onInterrupt: () => void): Promise<InterruptibleFit> {
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    onInterrupt();
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const history = await model.fitAsync(x, y, { ...options, signal: controller.signal });
    return { history, interrupted: history.stopReason === 'aborted' };
  } finally {
    process.off('SIGINT', onSigint);
  }
}
