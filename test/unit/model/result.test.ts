/** describeFailure: a failure's message and its next step, read as sentences. */
import * as assert from 'node:assert/strict';
import { describeFailure } from '../../../src/model/result';

describe('model/result describeFailure', () => {
  it('is the message alone when there is no next step', () => {
    assert.equal(describeFailure({ kind: 'notFound', message: "The key pair 'k' does not exist" }), "The key pair 'k' does not exist");
  });

  it('ends an EC2 message without a full stop with one before the next step', () => {
    assert.equal(
      describeFailure({ kind: 'notFound', message: "The key pair 'k' does not exist", nextStep: 'Refresh the view.' }),
      "The key pair 'k' does not exist. Refresh the view.",
    );
  });

  it('keeps the message’s own punctuation and adds none', () => {
    assert.equal(describeFailure({ kind: 'accessDenied', message: 'Access denied to ec2:DescribeImages.', nextStep: 'Ask an administrator.' }), 'Access denied to ec2:DescribeImages. Ask an administrator.');
    assert.equal(describeFailure({ kind: 'unknown', message: 'Is it there?  ', nextStep: 'Look again.' }), 'Is it there? Look again.');
  });

  it('is the next step alone when the message is empty', () => {
    assert.equal(describeFailure({ kind: 'unknown', message: '', nextStep: 'Try again.' }), 'Try again.');
  });
});
