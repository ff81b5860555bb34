// Reads large inputs on more than one thread: the segments of the streams (kube-reader.ts's
// `segmentStream`) are shared out in order between this thread and worker threads, each reads
// its own as the whole stream would be read, and the documents come back in stream order. The
// call stays synchronous: this thread reads its share, then waits on a shared flag that each
// worker raises when its answer is posted.

import { isMainThread, MessageChannel, MessagePort, receiveMessageOnPort, Worker, workerData } from 'worker_threads';
import { readSegment, SegmentReading, StreamSegment } from './kube-reader';

/** Marks the worker data of a reader thread. */
const READER = 'cdk8s-hardening-reader';

/** Input below which one thread reads everything: a worker costs tens of milliseconds to start. */
export const PARALLEL_THRESHOLD = 4 * 2 ** 20;

/** What a reader thread is given. */
interface ReaderJob {
  readonly [READER]: true;
  readonly segments: readonly StreamSegment[];
  readonly port: MessagePort;
  /** [0]: 1 once the answer is posted; [1]: segments read so far (shows it is alive). */
  readonly flag: Int32Array;
}

/**
 * What a reader thread answers: one reading per segment, as JSON text (this thread parses JSON
 * about twice as fast as it takes a structured clone in), or cloned when JSON cannot hold it;
 * or why it failed.
 */
type ReaderAnswer = { readonly json: string } | { readonly readings: SegmentReading[] } | { readonly failure: string };

/**
 * Reads segments with up to `threads` threads (this one included), in order. Falls back to this
 * thread for the share of a worker that cannot start or fails.
 * @internal
 */
export function readSegments(segments: readonly StreamSegment[], threads: number): SegmentReading[] {
  const workers = __filename.endsWith('.js') ? Math.min(threads, segments.length) - 1 : 0;
  if (workers <= 0) return segments.map(readSegment);
  const shares = shareOut(segments, workers + 1);
  const started = shares.slice(1).map(share => startReader(share));
  const readings = shares[0].map(readSegment);
  started.forEach((reader, i) => {
    const answer = reader && awaitReader(reader, shares[i + 1]);
    const answered = answer && 'json' in answer ? JSON.parse(answer.json) as SegmentReading[]
      : answer && 'readings' in answer ? answer.readings : undefined;
    if (answered) readings.push(...answered);
    else readings.push(...shares[i + 1].map(readSegment));
  });
  return readings;
}

/** Contiguous shares of about equal size, the first (this thread's, which also joins the answers) a little smaller. */
function shareOut(segments: readonly StreamSegment[], n: number): StreamSegment[][] {
  const total = segments.reduce((sum, s) => sum + s.text.length, 0);
  const shares: StreamSegment[][] = Array.from({ length: n }, () => []);
  const firstShare = total / n * 0.85;
  const rest = (total - firstShare) / (n - 1);
  let done = 0;
  for (const s of segments) {
    const i = done < firstShare ? 0 : Math.min(n - 1, 1 + Math.floor((done - firstShare) / rest));
    shares[i].push(s);
    done += s.text.length;
  }
  return shares;
}

interface StartedReader {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

function startReader(segments: readonly StreamSegment[]): StartedReader | undefined {
  if (segments.length === 0) return undefined;
  try {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(8));
    const job: ReaderJob = { [READER]: true, segments, port: port2, flag };
    const worker = new Worker(__filename, { workerData: job, transferList: [port2] });
    worker.unref();
    return { worker, port: port1, flag };
  } catch {
    return undefined;
  }
}

/**
 * Waits for a reader's answer. A reader that makes no progress for long (it died: out of
 * memory, killed) is given up, and its share read here.
 */
function awaitReader(reader: StartedReader, share: readonly StreamSegment[]): ReaderAnswer | undefined {
  const largest = Math.max(...share.map(s => s.text.length));
  // generous: 20 s to start, plus 10 µs a character for the longest segment
  const patience = 20_000 + largest / 100;
  let progress = -1;
  let since = Date.now();
  while (Atomics.load(reader.flag, 0) === 0) {
    Atomics.wait(reader.flag, 0, 0, 200);
    const now = Atomics.load(reader.flag, 1);
    if (now !== progress) {
      progress = now;
      since = Date.now();
    } else if (Date.now() - since > patience) {
      void reader.worker.terminate();
      return undefined;
    }
  }
  const message = receiveMessageOnPort(reader.port);
  reader.port.close();
  void reader.worker.terminate();
  return message?.message as ReaderAnswer | undefined;
}

/** A reader thread: reads its segments, posts the readings, raises the flag. */
function serve(job: ReaderJob): void {
  let answer: ReaderAnswer;
  try {
    const readings: SegmentReading[] = [];
    for (const segment of job.segments) {
      readings.push(readSegment(segment));
      Atomics.add(job.flag, 1, 1);
    }
    // (JSON reads a negative zero back as 0, which no rule or report tells apart)
    try {
      answer = { json: JSON.stringify(readings) };
    } catch {
      answer = { readings };
    }
  } catch (e) {
    answer = { failure: e instanceof Error ? e.message : String(e) };
  }
  try {
    job.port.postMessage(answer);
  } catch (e) {
    job.port.postMessage({ failure: `the readings cannot be passed on: ${e instanceof Error ? e.message : String(e)}` });
  }
  Atomics.store(job.flag, 0, 1);
  Atomics.notify(job.flag, 0);
  job.port.close();
}

if (!isMainThread && (workerData as Partial<ReaderJob> | undefined)?.[READER] === true) serve(workerData as ReaderJob);
