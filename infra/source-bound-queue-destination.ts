import { Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  type BucketNotificationDestinationConfig,
  BucketNotificationDestinationType,
  type IBucket,
  type IBucketNotificationDestination,
} from "aws-cdk-lib/aws-s3";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/**
 * An S3 → SQS notification target whose queue policy lets S3 send only for this bucket
 * (`aws:SourceArn`) AND this account (`aws:SourceAccount`). CDK's `SqsDestination` sets only the
 * first; bucket names are global, so a bucket of the same name re-created in another account
 * after a deletion would otherwise match too (AWS's confused-deputy guidance asks for both).
 * The queues are SSE-SQS, so no key policy is needed.
 */
export class SourceBoundQueueDestination implements IBucketNotificationDestination {
  constructor(private readonly queue: Queue) {}

  bind(scope: Construct, bucket: IBucket): BucketNotificationDestinationConfig {
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal("s3.amazonaws.com")],
        actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
        resources: [this.queue.queueArn],
        conditions: {
          ArnLike: { "aws:SourceArn": bucket.bucketArn },
          StringEquals: { "aws:SourceAccount": Stack.of(scope).account },
        },
      }),
    );
    // The notification configuration is written only after the policy exists (S3 test-sends).
    return {
      arn: this.queue.queueArn,
      type: BucketNotificationDestinationType.QUEUE,
      dependencies: [this.queue],
    };
  }
}
