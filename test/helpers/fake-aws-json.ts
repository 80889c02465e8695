import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake endpoint of an AWS JSON-protocol service (Cognito user pools, Secrets Manager): each request's
 * `X-Amz-Target` names the operation, its body is the input; the handler answers an output or an error
 * (`{ __type: 'UsernameExistsException', message }`, status 400). Every call is recorded.
 */
export interface FakeCall {
  operation: string;
  input: Record<string, unknown>;
}

export async function fakeAwsJson(
  handle: (operation: string, input: Record<string, unknown>) => { status?: number; body: unknown },
): Promise<{ url: string; calls: FakeCall[]; close: () => Promise<void> }> {
  const calls: FakeCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? '';
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      calls.push({ operation, input });
      const { status = 200, body } = handle(operation, input);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
