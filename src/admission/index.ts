export * from './guardrails';
export * from './image-signature-policy';
