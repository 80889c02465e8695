/**
 * SES v2 on loopback: aws-ses-v2-local, a real SESv2 `SendEmail` endpoint. Its store is in memory and
 * process-wide; this adapter persists every message (JSON lines under the data folder), reloads them on start,
 * and gives the mailbox its view: to / subject / text / html / links.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const require = createRequire(import.meta.url);
const sesServer = require('aws-ses-v2-local').default as (c: { host: string; port: number }) => Promise<Server>;
const sesStore = require('aws-ses-v2-local/dist/store.js') as {
  saveEmail(email: StoredEmail): void;
  getStoreReadonly(): { emails: StoredEmail[] };
  clearStore(): void;
};

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

const LOCAL_SES_ACCOUNT = {
  DedicatedIpAutoWarmupEnabled: false,
  Details: {
    AdditionalContactEmailAddresses: [],
    ContactLanguage: 'ZH',
    MailType: 'TRANSACTIONAL',
    ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
    UseCaseDescription: 'sifpm local default',
    WebsiteURL: 'http://127.0.0.1',
  },
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SendQuota: { Max24HourSend: 1e9, MaxSendRate: 1e6, SentLast24Hours: 0 },
  SuppressionAttributes: { SuppressedReasons: [] },
};

export interface MailView {
  id: string;
  at: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
}

export interface LocalMail {
  endpoint: string;
  /**
   * The messages in the order sent; `to`: one recipient's only (from a per-recipient index, not a scan of the whole
   * store); `from`: without the first `from` of them (a reader passes how many it has seen, and gets the new ones).
   */
  list(filter?: { to?: string; from?: number }): MailView[];
  /** messages in the store (reloaded ones included) */
  count(): number;
  close(): Promise<void>;
}

export async function startLocalMail(dataDir?: string): Promise<LocalMail> {
  const file = dataDir ? path.join(dataDir, 'mail.jsonl') : undefined;
  sesStore.clearStore();
  const original = sesStore.saveEmail;
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
        try {
          sesStore.getStoreReadonly().emails.push(JSON.parse(line));
        } catch {
          // a torn last line after a crash: the message before it are intact
        }
      }
    }
    sesStore.saveEmail = (email) => {
      appendFileSync(file, `${JSON.stringify(email)}\n`);
      original(email);
    };
  }
  // aws-ses-v2-local answers GetAccount (our health probe) only with an account configured.
  process.env.AWS_SES_ACCOUNT ??= JSON.stringify(LOCAL_SES_ACCOUNT);
  const server = await sesServer({ host: '127.0.0.1', port: 0 });
  // Each recipient's messages, indexed as they arrive (read from the store on demand, so that messages saved by any
  // path — sent, reloaded — are indexed; a cleared store is indexed afresh). A national run's mailbox holds ~10^5
  // messages and the simulated users look at theirs thousands of times a month: a scan per look grew with the year.
  let indexed = 0;
  let store: StoredEmail[] = [];
  const byRecipient = new Map<string, StoredEmail[]>();
  const index = () => {
    const emails = sesStore.getStoreReadonly().emails;
    if (emails !== store) {
      // the emulator's POST /clear-store replaces the store's array
      store = emails;
      indexed = 0;
      byRecipient.clear();
    }
    for (; indexed < emails.length; indexed++) {
      const e = emails[indexed] as StoredEmail;
      for (const to of new Set(e.destination.to)) {
        const list = byRecipient.get(to);
        if (list) list.push(e);
        else byRecipient.set(to, [e]);
      }
    }
  };
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    list(filter = {}) {
      index();
      const emails = filter.to === undefined ? sesStore.getStoreReadonly().emails : (byRecipient.get(filter.to) ?? []);
      return emails.slice(filter.from ?? 0).map(toView);
    },
    count: () => sesStore.getStoreReadonly().emails.length,
    close: () =>
      new Promise<void>((resolve) => {
        sesStore.saveEmail = original;
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function toView(e: StoredEmail): MailView {
  const text = e.body.text ?? '';
  return {
    id: e.messageId,
    at: new Date(e.at * 1000).toISOString(),
    from: e.from,
    to: e.destination.to,
    subject: e.subject,
    text,
    html: e.body.html ?? '',
    links: [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])],
  };
}
