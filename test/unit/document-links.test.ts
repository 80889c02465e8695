import { describe, expect, it } from 'vitest';
import { forwardedRequest } from '#local/s3-post';
import { contentDisposition } from '#shared/documents/documents';

/** Issue 16: the pieces of a document link that need no running system. */
describe('a document link', () => {
  it('names the file for every browser: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)', () => {
    const header = contentDisposition('inline', '广州市2025年度职工基本医疗保险绩效自评报告', 'pdf');
    expect(header).toMatch(/^inline; filename="document\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(header.split("''")[1] as string)).toBe('广州市2025年度职工基本医疗保险绩效自评报告.pdf');
    expect(header).not.toMatch(/[^\x20-\x7e]/); // a header value of ASCII only
    expect(contentDisposition('attachment', "a'b (c)*", 'xlsx')).toContain("filename*=UTF-8''a%27b%20%28c%29%2A.xlsx");
  });
});

describe('the local S3 front forwards a verified presigned GET (s3rver would check its expiry on the wall clock)', () => {
  const signed =
    '/sifpm-documents/uploads/evaluations/2025/440100/EBMI/self-evaluation/x.pdf?versionId=v1' +
    '&response-content-disposition=inline%3B%20filename%3D%22document.pdf%22' +
    '&response-content-type=application%2Fpdf&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=S3RVER%2F20260105' +
    '%2Fcn-north-1%2Fs3%2Faws4_request&X-Amz-Date=20260105T020000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host' +
    '&X-Amz-Signature=abc&x-id=GetObject';

  it('without its signature and response-* parameters, keeping the version it pins; the overrides set on the answer', () => {
    const { path, overrides } = forwardedRequest('GET', signed);
    expect(path).toBe(
      '/sifpm-documents/uploads/evaluations/2025/440100/EBMI/self-evaluation/x.pdf?versionId=v1&x-id=GetObject',
    );
    expect(overrides).toEqual({
      'content-disposition': 'inline; filename="document.pdf"',
      'content-type': 'application/pdf',
    });
  });

  it('leaves header-signed requests and other methods as they are', () => {
    const plain = '/sifpm-documents/k.pdf?versionId=v1&x-id=GetObject';
    expect(forwardedRequest('GET', plain)).toEqual({ path: plain, overrides: {} });
    expect(forwardedRequest('PUT', signed)).toEqual({ path: signed, overrides: {} });
  });
});
