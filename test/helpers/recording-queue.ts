/** A stand-in producer binding: keeps what was sent, and how many sendBatch calls it took. */
export function recordingQueue<Body>() {
  const sent: Body[] = [];
  const batchSizes: number[] = [];
  const metadata = { metrics: { backlogCount: 0, backlogBytes: 0 } };
  const queue: Queue<Body> = {
    async metrics() {
      return { backlogCount: sent.length, backlogBytes: 0 };
    },
    async send(body) {
      sent.push(body);
      batchSizes.push(1);
      return { metadata };
    },
    async sendBatch(messages) {
      const bodies = Array.from(messages, (m) => m.body);
      if (bodies.length > 100) throw new Error(`sendBatch of ${bodies.length} messages: at most 100`);
      sent.push(...bodies);
      batchSizes.push(bodies.length);
      return { metadata };
    },
  };
  return {
    queue,
    sent,
    batchSizes,
    /** Hands the messages over (as a consumer receiving them would) and forgets them. */
    take(): Body[] {
      batchSizes.length = 0;
      return sent.splice(0);
    },
  };
}
