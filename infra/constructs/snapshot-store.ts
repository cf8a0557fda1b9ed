import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { snapshotKeyPrefix } from '../../lib/catalog/aws-s3-snapshot.js';

/**
 * The bucket of catalog snapshots (`snapshots/<region>.json`): encrypted, versioned (a bad refresh
 * can be rolled back to the previous object), private, TLS only, with server access logs in a second
 * bucket. Both are kept when the stack is deleted: `cdk destroy` never deletes prices or logs.
 */
export class SnapshotStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  /** The key pattern the API may read and the refresh may write: `snapshots/*`. */
  readonly keyPattern = `${snapshotKeyPrefix}*`;

  constructor(scope: Construct, id: string, { logRetentionDays }: { logRetentionDays: number }) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the snapshot bucket’s server access logs; logging it too would need a third bucket and add nothing an auditor uses.',
    });

    this.bucket = new s3.Bucket(this, 'Snapshots', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'snapshots-bucket/',
      // A daily refresh writes one version per region a day; old versions are only for rollbacks.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
