import type { Bilingual } from './i18n/i18n.tsx';

/** What the API returns, as the console reads it (the server's zod schemas in shared/ are the source). */
export type Tier = 'central' | 'province' | 'region';

export interface Me {
  userId: string;
  email: string;
  name: string;
  orgCode: string;
  tier: Tier;
  department: string;
  org?: Org;
}

export interface Org {
  code: string;
  name: Bilingual;
  tier: Tier;
  kind: string;
  parent?: string;
}

export interface Fund {
  code: string;
  name: Bilingual;
  shortName?: Bilingual;
  line?: string;
  performanceTier?: string;
}

export interface Cycle {
  year: number;
  phase: string;
  deadlines: { targets: string; selfEvaluation: string; provincialEvaluation: string };
  createdAt: string;
  createdBy: string;
  version: number;
  executionArn: string;
  execution?: { arn: string; status: string; state?: string; since?: string };
}

export interface WorkItem {
  year: number;
  org: string;
  kind: string;
  fund: string;
  status: string;
  due: string;
  version: number;
}

export interface LocalUser {
  id: string;
  name: string;
  orgCode: string;
  tier: Tier;
  department: string;
  email: string;
}

export interface MailMessage {
  id: string;
  at: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
}

/** `GET /api/tasks/{actionId}` (shared/tasks.ts TaskView). */
export interface TaskView {
  status: 'open' | 'used' | 'superseded';
  step: string;
  decisions: string[];
  subject: { kind: string; year: number; org: string; fund?: string; title: Bilingual };
  assignee: { userId: string; orgCode: string; department: string };
  createdAt: string;
  expiresAt: string;
  due?: string;
  expired: boolean;
}
