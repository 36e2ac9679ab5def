import { Presets, SingleBar } from "cli-progress";

/** Phase labels are padded to this width so the bars line up from one phase to the next. */
const PHASE_LABEL_WIDTH = 24;

/**
 * One progress bar on stderr, restarted for each phase of the benchmark; stdout stays clean for
 * the results table. On a non-TTY stderr (CI logs) cli-progress prints nothing, so each phase
 * also writes one plain line there.
 */
export class Progress {
  private readonly bar = new SingleBar(
    {
      format: "{phase} |{bar}| {value}/{total}  {duration_formatted}",
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  private running = false;

  phase(name: string, total: number): void {
    this.stop();
    if (!process.stderr.isTTY) process.stderr.write(`bench: ${name}\n`);
    this.bar.start(total, 0, { phase: name.padEnd(PHASE_LABEL_WIDTH) });
    this.running = true;
  }

  tick(steps = 1): void {
    this.bar.increment(steps);
  }

  stop(): void {
    if (!this.running) return;
    this.bar.stop();
    this.running = false;
  }
}
