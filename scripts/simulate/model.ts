import { comprehendFeatures } from "../../functions/core/analyze/comprehend-requests.js";
import { STAGES, type Stage } from "../../functions/core/keys.js";
import { LIST_PRICES } from "../../functions/core/pricing.js";
import type { PipelineConfig } from "../../infra/config.js";
import { OLDEST_MESSAGE_ALARM_AGE } from "../../infra/monitoring.js";
import {
  DEAD_LETTER_RETENTION,
  SOURCE_RETENTION,
  VISIBILITY_TIMEOUT_FACTOR,
} from "../../infra/pipeline-stage.js";
import { SPEND_WINDOW } from "../../infra/spend-breaker.js";
import { EventQueue } from "./event-queue.js";
import { SeededRandom } from "./random.js";

/**
 * A discrete-event model of the deployed pipeline: S3 → SQS → Lambda per stage, with the
 * stack's own numbers (concurrency, batch size, timeout, visibility, retention, maxReceiveCount,
 * the spend ceiling) and per-call service times. Time is in seconds from the first upload.
 *
 * What it models: event-source polling up to `maxConcurrency` invocations of `batchSize`
 * messages; cold starts; sequential per-article work (S3 reads and writes, Translate chunks,
 * four concurrent Comprehend batch calls); Translate throttling, injected at random, in a burst, and by an
 * account quota of requests per second, each throttle retried by the SDK with capped
 * exponential backoff; a message returning after the visibility timeout when its article fails
 * transiently or its invocation times out; the last delivery writing `failed/` and the message
 * moving to the dead-letter queue; a message expiring (LOST) when it waits longer than the
 * source queue's retention; the spend breaker pausing translate and analyze when the rolling
 * 24-hour sum of characters sent to Translate crosses the ceiling, and an operator resuming
 * some hours later.
 *
 * What it leaves out: S3 notification loss (none is documented for versioned buckets), Lambda
 * account concurrency limits, the translation cache across articles (a fresh archive shares
 * few paragraphs; a retried article re-uses its own chunks, which is modelled).
 */

/** The stack's numbers, as the model needs them. */
export interface StageModel {
  readonly maxConcurrency: number;
  readonly batchSize: number;
  readonly timeoutSeconds: number;
  readonly visibilitySeconds: number;
}

export interface PipelineModel {
  readonly stages: Readonly<Record<Stage, StageModel>>;
  readonly maxReceiveCount: number;
  readonly sourceRetentionSeconds: number;
  readonly deadLetterRetentionSeconds: number;
  readonly translateChunkBytes: number;
  readonly maxTranslateBytes: number;
  readonly dailyCharacterCeiling: number;
  readonly spendWindowSeconds: number;
  readonly oldestMessageAlarmSeconds: number;
  /** Comprehend features the analyze stage sends per batch of documents (`comprehendFeatures`). */
  readonly comprehendFeatures: number;
}

/** The deployed pipeline's numbers, read from the same definitions the stack uses. */
export function pipelineModel(config: PipelineConfig): PipelineModel {
  const stage = (name: Stage): StageModel => {
    const { maxConcurrency, batchSize, timeoutSeconds } = config.stages[name];
    return {
      maxConcurrency,
      batchSize,
      timeoutSeconds,
      visibilitySeconds: timeoutSeconds * VISIBILITY_TIMEOUT_FACTOR,
    };
  };
  return {
    stages: { clean: stage("clean"), translate: stage("translate"), analyze: stage("analyze") },
    maxReceiveCount: config.maxReceiveCount,
    sourceRetentionSeconds: SOURCE_RETENTION.toSeconds(),
    deadLetterRetentionSeconds: DEAD_LETTER_RETENTION.toSeconds(),
    translateChunkBytes: config.translateChunkBytes,
    maxTranslateBytes: config.maxTranslateBytes,
    dailyCharacterCeiling: config.translateDailyCharacterCeiling,
    spendWindowSeconds: SPEND_WINDOW.toSeconds(),
    oldestMessageAlarmSeconds: OLDEST_MESSAGE_ALARM_AGE.toSeconds(),
    comprehendFeatures: comprehendFeatures(config).length,
  };
}

/** Per-call service times (milliseconds) and the retry policy; every one can be overridden. */
export interface ServiceTimes {
  /** Lambda cold start: the runtime (~150 ms) plus our bundle's init (~70 ms, `npm run bench`). */
  readonly coldStartMs: number;
  /** One small S3 GET/HEAD/PUT from Lambda in the same Region (S3 performance guide: tens of ms). */
  readonly s3Ms: number;
  /** Cleaning CPU per KiB of upload (bench: 1.4 ms for a 3 KB seed, more for HTML pages). */
  readonly cleanMsPerKib: number;
  /** TranslateText: fixed part of a round trip… */
  readonly translateBaseMs: number;
  /** …plus this per character (a 9,000-byte chunk ≈ 1.6 s; 2 s is the stack's planning figure). */
  readonly translateMsPerChar: number;
  /** One Comprehend Batch* call (≤ 25 × 5 KB documents). */
  readonly comprehendMs: number;
  /** Log-space spread of every service time (0.3 ≈ p95 1.6× the median). */
  readonly jitter: number;
  /** SDK attempts per request (standard retry mode) before the article fails this delivery. */
  readonly sdkMaxAttempts: number;
  /** SDK backoff: base and cap of the exponential delay between attempts (full jitter). */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

export const DEFAULT_SERVICE_TIMES: ServiceTimes = {
  coldStartMs: 250,
  s3Ms: 40,
  cleanMsPerKib: 0.5,
  translateBaseMs: 250,
  translateMsPerChar: 0.15,
  comprehendMs: 300,
  jitter: 0.3,
  sdkMaxAttempts: 5,
  retryBaseMs: 200,
  retryMaxMs: 5_000,
};

/** The uploads and the faults injected into them. */
export interface Workload {
  readonly uploads: number;
  /** The uploads arrive evenly over this many hours (a recursive `aws s3 cp` of an archive). */
  readonly uploadHours: number;
  /** Median clean characters of an article and log-space spread (seeds average 2,241). */
  readonly medianCleanChars: number;
  readonly sizeSpread: number;
  /** Share of uploads that are HTML pages (raw bytes ≈ 8 × clean text) rather than text. */
  readonly htmlShare: number;
  /** Share of uploads that are not articles (empty, binary, wrong language): failed at clean. */
  readonly badInputShare: number;
  /** Share of articles already in English: translate passes them through unbilled. */
  readonly englishShare: number;
  /** Probability that any one Translate or Comprehend attempt is throttled, all the time… */
  readonly throttleRate: number;
  /** …and during a burst of this many hours starting at `burstStartHours`. */
  readonly burstStartHours: number;
  readonly burstHours: number;
  readonly burstThrottleRate: number;
  /** Translate requests per second the account accepts before throttling (historic 20 TPS). */
  readonly translateTps: number;
  /** Comprehend requests per second per operation before throttling (planning figure 20). */
  readonly comprehendTps: number;
  /**
   * Hours after a breaker trip until an operator resumes with force (a plain resume is refused
   * while the last 24 hours are over the ceiling, and lifting the ceiling spends the same way);
   * Infinity: nobody does.
   */
  readonly resumeAfterHours: number;
}

export const DEFAULT_WORKLOAD: Workload = {
  uploads: 100_000,
  uploadHours: 1,
  medianCleanChars: 2_400,
  sizeSpread: 0.7,
  htmlShare: 0.3,
  badInputShare: 0.04,
  englishShare: 0.05,
  throttleRate: 0.01,
  burstStartHours: 2,
  burstHours: 1,
  burstThrottleRate: 0.5,
  translateTps: 20,
  comprehendTps: 20,
  resumeAfterHours: 8,
};

export interface StageOutcome {
  readonly invocations: number;
  readonly coldStarts: number;
  /** Longest a message waited in the queue before a delivery (the oldest-message metric). */
  readonly maxAgeSeconds: number;
  readonly timeouts: number;
}

export interface SimulationResult {
  readonly uploads: number;
  readonly drainSeconds: number;
  readonly enriched: number;
  /** Ended as failed/<name>.json without a dead letter: bad input or too long to translate. */
  readonly failed: number;
  /** Failed every delivery: failure record written, message in the dead-letter queue. */
  readonly deadLettered: number;
  /** Expired in a source queue: no document, no record, no dead letter. */
  readonly lost: number;
  readonly translateCharacters: number;
  readonly translateUsd: number;
  readonly translateRequests: number;
  /** Throttled attempts (each retried by the SDK), per service. */
  readonly translateThrottled: number;
  readonly comprehendThrottled: number;
  readonly breakerTrips: number;
  readonly pausedSeconds: number;
  readonly stages: Readonly<Record<Stage, StageOutcome>>;
  readonly sourceRetentionSeconds: number;
  readonly oldestMessageAlarmSeconds: number;
}

interface Article {
  readonly cleanChars: number;
  readonly rawBytes: number;
  readonly bad: boolean;
  readonly english: boolean;
  /** Translate chunks already done (cached), kept across deliveries. */
  chunksDone: number;
}

interface Message {
  readonly article: Article;
  readonly stage: Stage;
  readonly enqueuedAt: number;
  receives: number;
}

type Outcome = "ok" | "failed" | "transient";

type SimEvent =
  | { readonly kind: "arrive"; readonly message: Message }
  | { readonly kind: "visible"; readonly message: Message }
  | {
      readonly kind: "done";
      readonly stage: Stage;
      readonly results: ReadonlyArray<{ message: Message; outcome: Outcome }>;
    }
  | { readonly kind: "breaker" }
  | { readonly kind: "resume" };

/** S3 delivers an event notification to SQS in about a second (S3 User Guide: "typically"). */
const NOTIFICATION_DELAY_SECONDS = 1;
/** CloudWatch evaluates the breaker's alarm about every five minutes for a one-day period. */
const BREAKER_EVALUATION_SECONDS = 300;
/** Comprehend Batch* calls carry at most 25 documents of ≤ 5,000 bytes. */
const COMPREHEND_BATCH_BYTES = 25 * 5_000;
/** French clean text is ~4 % accented letters, two bytes each in UTF-8. */
const FRENCH_BYTES_PER_CHAR = 1.04;
/** An HTML page carries ~8× its article text in markup, scripts and navigation. */
const HTML_BYTES_PER_CHAR = 8;
const TEXT_BYTES_PER_CHAR = 1.3;

export function simulate(
  model: PipelineModel,
  workload: Workload = DEFAULT_WORKLOAD,
  times: ServiceTimes = DEFAULT_SERVICE_TIMES,
  seed = 1,
): SimulationResult {
  const rng = new SeededRandom(seed);
  const events = new EventQueue<SimEvent>();
  const visible: Record<Stage, Message[]> = { clean: [], translate: [], analyze: [] };
  const head: Record<Stage, number> = { clean: 0, translate: 0, analyze: 0 };
  const inFlight: Record<Stage, number> = { clean: 0, translate: 0, analyze: 0 };
  const instances: Record<Stage, number> = { clean: 0, translate: 0, analyze: 0 };
  const stats = Object.fromEntries(
    STAGES.map((s) => [s, { invocations: 0, coldStarts: 0, maxAgeSeconds: 0, timeouts: 0 }]),
  ) as Record<
    Stage,
    { invocations: number; coldStarts: number; maxAgeSeconds: number; timeouts: number }
  >;
  const callsPerSecond = {
    translate: new Map<number, number>(),
    comprehend: new Map<number, number>(),
  };
  // Characters billed per minute, for the breaker's rolling window.
  const billedPerMinute = new Map<number, number>();
  let enriched = 0;
  let failed = 0;
  let deadLettered = 0;
  let lost = 0;
  let translateCharacters = 0;
  let translateRequests = 0;
  const throttled = { translate: 0, comprehend: 0 };
  let breakerTrips = 0;
  let pausedSeconds = 0;
  let pausedSince: number | undefined;
  let alarm = false;
  let outstanding = workload.uploads;
  let lastTerminal = 0;

  const terminal = (time: number): void => {
    outstanding -= 1;
    lastTerminal = Math.max(lastTerminal, time);
  };
  const service = (ms: number): number => rng.logNormal(ms, times.jitter) / 1_000;
  const throttleRate = (t: number): number => {
    const burstStart = workload.burstStartHours * 3_600;
    const inBurst = t >= burstStart && t < burstStart + workload.burstHours * 3_600;
    return inBurst ? workload.burstThrottleRate : workload.throttleRate;
  };
  const overQuota = (kind: "translate" | "comprehend", t: number, tps: number): boolean => {
    const second = Math.floor(t);
    const used = callsPerSecond[kind].get(second) ?? 0;
    if (used >= tps) return true;
    callsPerSecond[kind].set(second, used + 1);
    return false;
  };
  /**
   * One request with SDK retries from time `t`: returns its end time, or undefined when every
   * attempt was throttled (the article fails this delivery).
   */
  const request = (
    kind: "translate" | "comprehend",
    t: number,
    latencyMs: number,
    tps: number,
  ): number | undefined => {
    let now = t;
    for (let attempt = 1; attempt <= times.sdkMaxAttempts; attempt += 1) {
      if (kind === "translate") translateRequests += 1;
      if (!(rng.next() < throttleRate(now) || overQuota(kind, now, tps))) {
        return now + service(latencyMs);
      }
      throttled[kind] += 1;
      // A throttling error answers quickly; then the SDK waits (full jitter).
      now += service(times.s3Ms);
      const cap = Math.min(times.retryMaxMs, times.retryBaseMs * 2 ** (attempt - 1));
      now += (rng.next() * cap) / 1_000;
    }
    return undefined;
  };
  const bill = (t: number, characters: number): void => {
    translateCharacters += characters;
    const minute = Math.floor(t / 60);
    billedPerMinute.set(minute, (billedPerMinute.get(minute) ?? 0) + characters);
  };

  /** One article through one stage from time `t`: its end time and outcome. */
  const work = (stage: Stage, article: Article, t: number): { end: number; outcome: Outcome } => {
    let now = t + service(times.s3Ms) * 2; // read the input, HEAD the upload
    if (stage === "clean") {
      now += service(times.cleanMsPerKib * (article.rawBytes / 1_024));
      const tooLong = article.cleanChars * FRENCH_BYTES_PER_CHAR > model.maxTranslateBytes;
      now += service(times.s3Ms); // write clean/ or failed/
      return { end: now, outcome: article.bad || tooLong ? "failed" : "ok" };
    }
    if (stage === "translate") {
      const bytes = article.cleanChars * FRENCH_BYTES_PER_CHAR;
      const chunks = article.english ? 0 : Math.ceil(bytes / model.translateChunkBytes);
      const charsPerChunk = article.cleanChars / Math.max(1, chunks);
      while (article.chunksDone < chunks) {
        const end = request(
          "translate",
          now,
          times.translateBaseMs + times.translateMsPerChar * charsPerChunk,
          workload.translateTps,
        );
        if (end === undefined) return { end: now, outcome: "transient" };
        bill(end, charsPerChunk);
        article.chunksDone += 1;
        now = end + service(times.s3Ms); // cache the chunk's paragraphs
      }
      return { end: now + service(times.s3Ms), outcome: "ok" };
    }
    // The features run concurrently (functions/adapters/aws/comprehend-analyzer.ts): each round
    // of ≤ 25 documents takes as long as its slowest feature.
    const rounds = Math.ceil(article.cleanChars / COMPREHEND_BATCH_BYTES);
    for (let round = 0; round < rounds; round += 1) {
      let roundEnd = now;
      for (let feature = 0; feature < model.comprehendFeatures; feature += 1) {
        const end = request(
          "comprehend",
          now,
          times.comprehendMs,
          workload.comprehendTps * model.comprehendFeatures,
        );
        if (end === undefined) return { end: now, outcome: "transient" };
        roundEnd = Math.max(roundEnd, end);
      }
      now = roundEnd;
    }
    return { end: now + service(times.s3Ms), outcome: "ok" };
  };

  const paused = (stage: Stage): boolean => pausedSince !== undefined && stage !== "clean";

  const start = (stage: Stage, t: number): void => {
    const config = model.stages[stage];
    const queue = visible[stage];
    while (
      !paused(stage) &&
      inFlight[stage] < config.maxConcurrency &&
      head[stage] < queue.length
    ) {
      const batch: Message[] = [];
      while (batch.length < config.batchSize && head[stage] < queue.length) {
        const message = queue[head[stage]] as Message;
        head[stage] += 1;
        if (t - message.enqueuedAt >= model.sourceRetentionSeconds) {
          lost += 1;
          terminal(message.enqueuedAt + model.sourceRetentionSeconds);
          continue;
        }
        message.receives += 1;
        stats[stage].maxAgeSeconds = Math.max(stats[stage].maxAgeSeconds, t - message.enqueuedAt);
        batch.push(message);
      }
      if (batch.length === 0) break;
      // Compact the consumed prefix now and then.
      if (head[stage] > 4_096) {
        queue.splice(0, head[stage]);
        head[stage] = 0;
      }
      inFlight[stage] += 1;
      stats[stage].invocations += 1;
      let now = t;
      if (inFlight[stage] > instances[stage]) {
        instances[stage] += 1;
        stats[stage].coldStarts += 1;
        now += service(times.coldStartMs);
      }
      const deadline = t + config.timeoutSeconds;
      const results: Array<{ message: Message; outcome: Outcome }> = [];
      let timedOut = false;
      for (const message of batch) {
        if (timedOut) {
          results.push({ message, outcome: "transient" });
          continue;
        }
        const { end, outcome } = work(stage, message.article, now);
        if (end > deadline) {
          // Killed mid-article: this and every later message of the batch come back.
          timedOut = true;
          results.push({ message, outcome: "transient" });
          continue;
        }
        now = end;
        results.push({ message, outcome });
      }
      if (timedOut) stats[stage].timeouts += 1;
      events.push(timedOut ? deadline : now, { kind: "done", stage, results });
    }
  };

  const next: Partial<Record<Stage, Stage>> = { clean: "translate", translate: "analyze" };

  const finish = (stage: Stage, time: number, message: Message, outcome: Outcome): void => {
    if (outcome === "ok") {
      const after = next[stage];
      if (after === undefined) {
        enriched += 1;
        terminal(time);
      } else {
        const arrival = time + NOTIFICATION_DELAY_SECONDS;
        events.push(arrival, {
          kind: "arrive",
          message: { article: message.article, stage: after, enqueuedAt: arrival, receives: 0 },
        });
      }
      return;
    }
    if (outcome === "failed") {
      failed += 1;
      terminal(time);
      return;
    }
    // Transient: back after the visibility timeout (counted from the receive), or, on the last
    // delivery, failed/ is written and SQS moves the message to the dead-letter queue.
    if (message.receives >= model.maxReceiveCount) {
      deadLettered += 1;
      terminal(time);
      return;
    }
    events.push(time + model.stages[stage].visibilitySeconds, { kind: "visible", message });
  };

  /** While paused, messages at the head of the paused queues that outlived retention expire. */
  const expireWaiting = (t: number): void => {
    for (const stage of ["translate", "analyze"] as const) {
      const queue = visible[stage];
      while (head[stage] < queue.length) {
        const message = queue[head[stage]] as Message;
        if (t - message.enqueuedAt < model.sourceRetentionSeconds) break;
        head[stage] += 1;
        lost += 1;
        stats[stage].maxAgeSeconds = Math.max(stats[stage].maxAgeSeconds, t - message.enqueuedAt);
        terminal(message.enqueuedAt + model.sourceRetentionSeconds);
      }
    }
  };

  const windowSum = (t: number): number => {
    const now = Math.floor(t / 60);
    const minutes = Math.round(model.spendWindowSeconds / 60);
    let sum = 0;
    for (let m = now - minutes + 1; m <= now; m += 1) sum += billedPerMinute.get(m) ?? 0;
    return sum;
  };

  // Uploads, evenly spread, each a fresh article drawn from the size mix.
  const spacing = (workload.uploadHours * 3_600) / Math.max(1, workload.uploads);
  for (let i = 0; i < workload.uploads; i += 1) {
    const cleanChars = Math.max(
      200,
      Math.round(rng.logNormal(workload.medianCleanChars, workload.sizeSpread)),
    );
    const html = rng.next() < workload.htmlShare;
    const article: Article = {
      cleanChars,
      rawBytes: cleanChars * (html ? HTML_BYTES_PER_CHAR : TEXT_BYTES_PER_CHAR),
      bad: rng.next() < workload.badInputShare,
      english: rng.next() < workload.englishShare,
      chunksDone: 0,
    };
    const at = i * spacing + NOTIFICATION_DELAY_SECONDS;
    events.push(at, {
      kind: "arrive",
      message: { article, stage: "clean", enqueuedAt: at, receives: 0 },
    });
  }
  events.push(BREAKER_EVALUATION_SECONDS, { kind: "breaker" });

  for (let item = events.pop(); item !== undefined; item = events.pop()) {
    const { time, event } = item;
    switch (event.kind) {
      case "arrive":
      case "visible":
        visible[event.message.stage].push(event.message);
        start(event.message.stage, time);
        break;
      case "done":
        inFlight[event.stage] -= 1;
        for (const { message, outcome } of event.results)
          finish(event.stage, time, message, outcome);
        start(event.stage, time);
        break;
      case "breaker": {
        const over = windowSum(time) >= model.dailyCharacterCeiling;
        if (over && !alarm) {
          breakerTrips += 1;
          if (pausedSince === undefined) pausedSince = time;
          if (Number.isFinite(workload.resumeAfterHours)) {
            events.push(time + workload.resumeAfterHours * 3_600, { kind: "resume" });
          }
        }
        alarm = over;
        if (pausedSince !== undefined) expireWaiting(time);
        if (outstanding > 0) events.push(time + BREAKER_EVALUATION_SECONDS, { kind: "breaker" });
        break;
      }
      case "resume":
        if (pausedSince !== undefined) {
          pausedSeconds += time - pausedSince;
          pausedSince = undefined;
          start("translate", time);
          start("analyze", time);
        }
        break;
    }
  }

  // Whatever still waits (a pause nobody lifted) expires at its retention.
  for (const stage of STAGES) {
    for (let i = head[stage]; i < visible[stage].length; i += 1) {
      const message = visible[stage][i] as Message;
      lost += 1;
      terminal(message.enqueuedAt + model.sourceRetentionSeconds);
      stats[stage].maxAgeSeconds = Math.max(
        stats[stage].maxAgeSeconds,
        model.sourceRetentionSeconds,
      );
    }
  }
  if (pausedSince !== undefined) pausedSeconds += lastTerminal - pausedSince;

  return {
    uploads: workload.uploads,
    drainSeconds: lastTerminal,
    enriched,
    failed,
    deadLettered,
    lost,
    translateCharacters: Math.round(translateCharacters),
    translateUsd: translateCharacters * LIST_PRICES.translateUsdPerCharacter,
    translateRequests,
    translateThrottled: throttled.translate,
    comprehendThrottled: throttled.comprehend,
    breakerTrips,
    pausedSeconds,
    stages: stats,
    sourceRetentionSeconds: model.sourceRetentionSeconds,
    oldestMessageAlarmSeconds: model.oldestMessageAlarmSeconds,
  };
}
