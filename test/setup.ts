import { allCustomMatcher } from "aws-sdk-client-mock-vitest";
import { expect } from "vitest";

// `toHaveReceivedCommandWith` and friends for aws-sdk-client-mock assertions.
expect.extend(allCustomMatcher);

// No test may reach AWS: every SDK client in tests is mocked or points at 127.0.0.1. These
// make an accidental unmocked client fail fast instead of probing the network for credentials.
process.env.AWS_REGION ??= "eu-west-1";
process.env.AWS_ACCESS_KEY_ID ??= "test";
process.env.AWS_SECRET_ACCESS_KEY ??= "test";
process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
