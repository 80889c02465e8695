import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULES } from '#functions/manifest';
import { buildApp } from '#infra/app';
import { latestOccurrence, parseSchedule } from '#local/scheduler';
import { quickApp } from './app.ts';

describe('monitoring in the CDK stack', () => {
  let template: Template;
  beforeAll(() => {
    const app = buildApp(quickApp());
    app.synth(); // cdk-nag runs here
    template = Template.fromStack(app.node.findChild('Sifpm') as Stack);
  });

  it('deploys the tick and correction machines', () => {
    for (const name of ['sifpm-monitoring-tick', 'sifpm-monitoring-correction']) {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: name });
    }
  });

  it('schedules the daily monitoring tick with EventBridge Scheduler in Asia/Shanghai, starting the tick machine', () => {
    const schedules = template.findResources('AWS::Scheduler::Schedule');
    expect(Object.keys(schedules)).toHaveLength(Object.keys(SCHEDULES).length);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'sifpm-monitoring-tick',
      ScheduleExpression: 'cron(5 0 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('^Machinemonitoringtick') },
        RoleArn: Match.anyValue(),
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      }),
    });
  });

  it('gives the scheduler a role that may start exactly the scheduled machine', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'states:StartExecution',
            Resource: { Ref: Match.stringLikeRegexp('^Machinemonitoringtick') },
          }),
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^SchedulerRole') }],
    });
  });

  it('the local scheduler understands every schedule the stack deploys', () => {
    for (const [id, spec] of Object.entries(SCHEDULES)) {
      const s = parseSchedule(id, spec);
      // 00:05 Asia/Shanghai is 16:05 UTC the day before
      expect(new Date(latestOccurrence(s, Date.parse('2026-06-30T12:00:00+08:00'))).toISOString()).toBe(
        '2026-06-29T16:05:00.000Z',
      );
      expect(new Date(latestOccurrence(s, Date.parse('2026-06-30T00:04:00+08:00'))).toISOString()).toBe(
        '2026-06-28T16:05:00.000Z',
      );
    }
    expect(() => parseSchedule('x', { expression: 'rate(5 minutes)', timezone: 'UTC', machine: 'kickoff' })).toThrow();
  });
});
