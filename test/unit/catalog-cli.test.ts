import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogCommand, renderTable } from '../../cli/catalog.ts';

async function run(...args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const cmd = catalogCommand();
  cmd.exitOverride();
  for (const sub of cmd.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
  await cmd.parseAsync(args, { from: 'user' });
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sifpm catalog', () => {
  it('lists funds as a table with Chinese names first', async () => {
    const out = await run('funds');
    const first = out.split('\n')[2]!;
    expect(first.indexOf('企业职工基本养老保险基金')).toBeLessThan(first.indexOf('Enterprise'));
    expect(out.split('\n').filter((l) => /^[A-Z]{2,8}\s/.test(l))).toHaveLength(7);
  });

  it('lists the prefecture-level regions of a province as JSON', async () => {
    const orgs = JSON.parse(await run('orgs', '--tier', 'region', '--parent', '130000', '--json')) as {
      code: string;
    }[];
    expect(orgs).toHaveLength(11);
    expect(orgs[0]).toMatchObject({ code: '130100', name: { zh: '石家庄市' }, tier: 'region' });
  });

  it('lists the indicators of a fund with weights that add up to 100', async () => {
    const list = JSON.parse(await run('indicators', '--fund', 'EBMI', '--json')) as { fundWeight: string }[];
    expect(list.reduce((s, i) => s + Number(i.fundWeight), 0)).toBe(100);
  });

  it('refuses an unknown fund and an unknown tier', async () => {
    await expect(run('indicators', '--fund', 'NOPE')).rejects.toThrow(/unknown fund/);
    await expect(run('orgs', '--tier', 'county')).rejects.toThrow(/Allowed choices/);
  });

  it('pads table columns by display width, counting a Chinese character as two', () => {
    expect(renderTable(['a', 'b'], [['中文', 'x']]).split('\n')[2]).toBe('中文  x');
  });
});
