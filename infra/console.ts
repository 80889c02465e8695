import path from 'node:path';
import { type CfnElement, Duration, Fn, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCspFor } from '#infra/security-headers';

export interface ConsoleHostingProps {
  /** the console's build (`npm run build:web`) */
  dist: string;
  /** the HTTP API's endpoint, `https://<id>.execute-api.<region>.<suffix>` */
  apiEndpoint: string;
  accessLogs: s3.IBucket;
  /** the `config.json` written beside the build (docs/CONSOLE.md: runtime configuration) */
  config: Record<string, unknown>;
  /** where the console's uploads go (the documents bucket's regional origin) */
  uploadOrigin: string;
  /** the sign-in's origins: the issuer (discovery, token endpoint, keys) and, for Cognito, its hosted domain */
  signInOrigins: string[];
  /**
   * The China partition: no CloudFront Functions and no origin access control. The site bucket is read through an
   * origin access identity; console routes fall back to `/index.html` through the distribution's 403/404 error
   * responses, so `/api/*` is not served through CloudFront there (the console calls the API's own endpoint).
   */
  china?: boolean;
  /** the console's own names and their certificate: ACM (us-east-1) or, in the China partition, an IAM server certificate */
  domain?: { names: string[] } & ({ certificateArn: string } | { iamCertificateId: string });
}

/**
 * Rewrites a console route (no file extension) to `/index.html`, on the default behaviour only: the SPA fallback
 * never touches `/api/*`, whose 403/404 reach the client as the API answered them.
 */
const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * The console in AWS (docs/CONSOLE.md): the build in a private bucket, served by CloudFront through origin access
 * control; `/api/*` goes to the HTTP API, so the console stays same-origin; a client-side route (a path without a file
 * extension) is rewritten to `/index.html` by a viewer-request function on the default behaviour only, so errors of
 * `/api/*` are never turned into the console. Every behaviour answers with the security headers (CSP with
 * `frame-ancestors 'none'`, nosniff, referrer policy, HSTS, frame options). The deployment writes the stage's own
 * `config.json` next to the build. In the China partition (no origin access control, no CloudFront Functions) the
 * bucket is read through an origin access identity, only the site is behind the distribution, and 403/404 fall back
 * to `/index.html`; the console calls the API's own endpoint.
 */
export class ConsoleHosting extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const bucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    const apiDomain = Fn.select(2, Fn.split('/', props.apiEndpoint));
    const apiOrigin = props.apiEndpoint;
    const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'sifpm console and API: CSP, nosniff, referrer policy, HSTS, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleCspFor({
            connect: [props.uploadOrigin, ...props.signInOrigins, ...(props.china ? [apiOrigin] : [])],
            formAction: props.signInOrigins,
          }),
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    const certificate =
      props.domain && 'certificateArn' in props.domain
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn)
        : undefined;
    const iamCertificateId =
      props.domain && 'iamCertificateId' in props.domain ? props.domain.iamCertificateId : undefined;
    if (iamCertificateId && !props.china)
      throw new Error('an IAM server certificate is for the China partition: use certificateArn');
    if (certificate && props.china)
      throw new Error('CloudFront in the China partition takes IAM server certificates: use iamCertificateId');
    const logging = {
      // CloudFront standard logs need ACLs on the log bucket (the stack's access-log bucket allows them).
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
    };
    const tls = certificate
      ? {
          domainNames: props.domain?.names,
          certificate,
          minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        }
      : {};
    if (props.china) {
      this.distribution = new cloudfront.Distribution(this, 'Cdn', {
        defaultRootObject: 'index.html',
        defaultBehavior: {
          origin: origins.S3BucketOrigin.withOriginAccessIdentity(bucket),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy,
        },
        // Only the site is behind this distribution here, so error pages cannot swallow an API's answer.
        errorResponses: [403, 404].map((httpStatus) => ({
          httpStatus,
          responseHttpStatus: 200,
          responsePagePath: '/index.html',
          ttl: Duration.seconds(0),
        })),
        ...logging,
        ...tls,
      });
      if (iamCertificateId) {
        // The Distribution construct takes ACM certificates only: the IAM one is set on the resource itself.
        const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
        cfn.addPropertyOverride('DistributionConfig.Aliases', props.domain?.names);
        cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
          IamCertificateId: iamCertificateId,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        });
      }
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'Origin access control is not offered in the China partition; the site bucket is read through an origin access identity instead.',
      });
    } else {
      const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
        code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK),
        runtime: cloudfront.FunctionRuntime.JS_2_0,
        comment: 'console routes to /index.html (default behaviour only, never /api/*)',
      });
      this.distribution = new cloudfront.Distribution(this, 'Cdn', {
        defaultRootObject: 'index.html',
        defaultBehavior: {
          origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy,
          functionAssociations: [{ function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
        additionalBehaviors: {
          '/api/*': {
            origin: new origins.HttpOrigin(apiDomain),
            viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
            cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
            originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            responseHeadersPolicy,
          },
        },
        ...logging,
        ...tls,
      });
    }
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Staff of every province and the public (信息公开) use it; no geographic restriction applies.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL is attached by this stack: a CloudFront web ACL must be made in us-east-1 (or per China partition) and is attached per deployment (docs/DEPLOY.md).',
      },
      ...(certificate
        ? []
        : iamCertificateId
          ? [
              {
                id: 'AwsSolutions-CFR4',
                reason:
                  "The template sets the IAM server certificate with TLSv1.2_2021 (test/infra/regions.test.ts), through a property override that cdk-nag, reading the distribution's construct properties, does not see.",
              },
            ]
          : [
              {
                id: 'AwsSolutions-CFR4',
                reason:
                  'No domain is configured (props.domain), so CloudFront serves its default certificate (*.cloudfront.net, *.cloudfront.cn), whose policy allows TLSv1; configuring the ICP-filed domain and its certificate sets TLSv1.2_2021 and this finding goes away.',
              },
            ]),
    );
    new s3deploy.BucketDeployment(this, 'Build', {
      destinationBucket: bucket,
      sources: [
        s3deploy.Source.asset(path.resolve(props.dist), { exclude: ['config.json'] }),
        s3deploy.Source.jsonData('config.json', props.config),
      ],
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
    });
    // The deployment's handler is a stack-wide singleton made by aws-cdk-lib: its findings are the stack's.
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const site = `<${stack.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>`;
    Validations.of(stack).acknowledge(
      { id: 'AwsSolutions-L1', reason: 'The BucketDeployment handler and its runtime are chosen by aws-cdk-lib.' },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${region}/*]`,
        reason: 'The BucketDeployment handler reads the console build from the CDK asset bucket (objects under it).',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${site}/*]`,
        reason: 'The BucketDeployment handler writes the console build: every object of the site bucket.',
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          "aws-cdk-lib's BucketDeployment handler role: the standard read (asset bucket) and read/write (site bucket) action sets, on those buckets only.",
      })),
    );
  }
}
