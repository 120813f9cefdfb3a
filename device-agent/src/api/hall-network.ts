import { BlockList, isIPv4 } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d. */
const plainAddress = (ip: string) => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

function loopback(): BlockList {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  return list;
}

const fromList = (list: BlockList) => (request: FastifyRequest) => {
  const ip = plainAddress(request.ip);
  return list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6');
};

/** The kiosk on this machine: the only caller of the resident's routes. */
export const fromThisMachine = fromList(loopback());

/**
 * This machine, and the configured networks of the hall's counter PCs and displays
 * (services.json's calling.counterNetworks): who may use the counters' and the hall's routes.
 */
export function hallNetworkCheck(counterNetworks: readonly string[]) {
  const list = loopback();
  for (const network of counterNetworks) {
    const [address, prefix] = network.split('/');
    if (address && isIPv4(address)) list.addSubnet(address, Number(prefix), 'ipv4');
  }
  return fromList(list);
}
