// Types for the aws-sdk-client-mock matchers registered in test/setup.ts.
import "vitest";
import type { CustomMatcher } from "aws-sdk-client-mock-vitest";

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors vitest's own Assertion<T = any> declaration.
  interface Assertion<T = any> extends CustomMatcher<T> {}
  interface AsymmetricMatchersContaining extends CustomMatcher {}
}
