import { createSocket } from 'node:dgram';
import { parseDaemonDatagram, type SegmentDocument } from './segment-document.ts';

/**
 * The X-Ray daemon of the local cloud: listens on a free UDP port of loopback for the documents
 * the functions' X-Ray SDK sends (`AWS_XRAY_DAEMON_ADDRESS`), and keeps them by trace, with the
 * segments the local Step Functions and Lambda record themselves.
 */
export class LocalXRayDaemon {
  private readonly traces = new Map<string, SegmentDocument[]>();

  private constructor(
    private readonly socket: ReturnType<typeof createSocket>,
    /** `127.0.0.1:<port>`, as `AWS_XRAY_DAEMON_ADDRESS` takes it. */
    readonly address: string,
  ) {}

  /** Binds a UDP socket on a free port of 127.0.0.1. */
  static async start(): Promise<LocalXRayDaemon> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    const daemon = new LocalXRayDaemon(socket, `127.0.0.1:${socket.address().port}`);
    socket.on('message', (message) => {
      const document = parseDaemonDatagram(message.toString('utf8'));
      if (document) daemon.put(document);
    });
    return daemon;
  }

  /** Keeps a document under its trace (those without a trace id are dropped, as X-Ray does). */
  put(document: SegmentDocument): void {
    if (!document.trace_id) return;
    const documents = this.traces.get(document.trace_id) ?? [];
    documents.push(document);
    this.traces.set(document.trace_id, documents);
  }

  /** The documents of a trace, in the order they arrived. */
  documents(traceId: string): readonly SegmentDocument[] {
    return this.traces.get(traceId) ?? [];
  }

  traceIds(): string[] {
    return [...this.traces.keys()];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
