import { availableParallelism, cpus, platform, release, totalmem } from "node:os";

export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly os: string;
  readonly memoryGiB: number;
}

const BYTES_PER_GIB = 1024 ** 3;

/** What the numbers were measured on: speed figures only compare within one run of one machine. */
export function describeMachine(): Machine {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    os: `${platform()} ${release()} ${process.arch}`,
    memoryGiB: Math.round((totalmem() / BYTES_PER_GIB) * 10) / 10,
  };
}

export function machineLine(machine: Machine): string {
  return `Machine: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.os}, ${machine.memoryGiB} GiB`;
}
