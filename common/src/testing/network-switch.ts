import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP port on loopback that a test holds for its whole run and connects to a server, or
 * cuts, at will: a "centre down, then back" scenario without picking a free port, closing it
 * and hoping nothing else takes it before the centre binds it again.
 */
export interface NetworkSwitch {
  /** `http://127.0.0.1:<port>`: give this to the client under test. */
  readonly url: string;
  /** From now on, connections go through to this loopback port. */
  connectTo(port: number): void;
  /** Refuses new connections and resets open ones, as a dead link or a stopped server would. */
  cut(): void;
  close(): Promise<void>;
}

/** Opens the switch on 127.0.0.1, port 0, cut: nothing answers until connectTo(). */
export async function openNetworkSwitch(): Promise<NetworkSwitch> {
  let target: number | undefined;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // A reset peer is what this switch is for; it must not surface as an uncaught error.
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (target === undefined) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const cut = () => {
    target = undefined;
    for (const socket of open) socket.resetAndDestroy();
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    connectTo(port) {
      target = port;
    },
    cut,
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
