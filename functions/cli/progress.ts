import cliProgress from "cli-progress";

/** Below this many items a run finishes before progress would tell anything. */
const QUIET_BELOW = 50;

/** Lines written off a terminal over a whole run: one per tenth. */
const LINES_OFF_TERMINAL = 10;

export interface Progress {
  tick(): void;
  stop(): void;
}

/**
 * Progress of a long run on `stream` (stderr): a bar on a terminal, a line per tenth of the run
 * elsewhere (CI logs, pipes), nothing for short runs.
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  total: number,
  label: string,
): Progress {
  if (total < QUIET_BELOW) return { tick() {}, stop() {} };
  let done = 0;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: ` {bar} {value}/{total} ${label}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    let stopped = false;
    return {
      tick: () => bar.update(++done),
      stop: () => {
        if (!stopped) bar.stop();
        stopped = true;
      },
    };
  }
  const step = Math.ceil(total / LINES_OFF_TERMINAL);
  return {
    tick: () => {
      done += 1;
      if (done % step === 0 || done === total) stream.write(`${done}/${total} ${label}\n`);
    },
    stop() {},
  };
}
