import * as assert from 'node:assert/strict';
import { displayReference, parseArn, referenceConsoleUrl, referenceLines, referencesWarning, summarizeReferences, type ImageReferenceInfo } from '../../../src/model/references';

const IMAGE = 'ami-0123456789abcdef0';
const ref = (resourceType: string, arn: string): ImageReferenceInfo => ({ imageId: IMAGE, resourceType, arn });
const INSTANCE = ref('ec2:Instance', 'arn:aws:ec2:us-east-1:111122223333:instance/i-0abcdef1234567890');
const TEMPLATE = ref('ec2:LaunchTemplate', 'arn:aws:ec2:us-east-1:111122223333:launch-template/lt-0abcdef1234567890');
const PARAM = ref('ssm:Parameter', 'arn:aws:ssm:us-east-1:111122223333:parameter/golden/web/latest');
const FLAT_PARAM = ref('ssm:Parameter', 'arn:aws:ssm:us-east-1:111122223333:parameter/web-ami');
const RECIPE = ref('imagebuilder:ImageRecipe', 'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web-recipe/1.0.0');

describe('model/references', () => {
  it('parses ARNs, keeping colons and slashes of the resource part', () => {
    assert.deepEqual(parseArn('arn:aws-cn:ssm:cn-north-1:1:parameter/a:b/c'), { partition: 'aws-cn', service: 'ssm', region: 'cn-north-1', account: '1', resource: 'parameter/a:b/c' });
    assert.equal(parseArn('not-an-arn'), undefined);
    assert.equal(parseArn('arn:aws:ec2'), undefined);
  });

  it('shows each kind by its id or name', () => {
    assert.deepEqual(displayReference(INSTANCE), { kindLabel: 'instance', id: 'i-0abcdef1234567890', region: 'us-east-1' });
    assert.equal(displayReference(TEMPLATE).id, 'lt-0abcdef1234567890');
    assert.equal(displayReference(PARAM).id, '/golden/web/latest');
    assert.equal(displayReference(FLAT_PARAM).id, 'web-ami');
    assert.deepEqual(displayReference(RECIPE), { kindLabel: 'image recipe', id: 'web-recipe/1.0.0', region: 'us-east-1' });
    // A type EC2 adds later and a value that is no ARN are shown as they came.
    assert.deepEqual(displayReference(ref('ecs:TaskDefinition', 'garbage')), { kindLabel: 'ecs:TaskDefinition', id: 'garbage' });
  });

  it('summarizes counts in EC2 type order with singular and plural', () => {
    assert.equal(summarizeReferences([]), 'nothing');
    assert.equal(summarizeReferences([PARAM]), '1 SSM parameter');
    assert.equal(summarizeReferences([PARAM, INSTANCE, INSTANCE, TEMPLATE]), '2 instances, 1 launch template and 1 SSM parameter');
    assert.equal(summarizeReferences([RECIPE, ref('x:Y', 'a')]), '1 image recipe and 1 x:Y');
  });

  it('lists at most `max` lines and says how many more', () => {
    const many = Array.from({ length: 11 }, () => INSTANCE);
    const lines = referenceLines(many, 8);
    assert.equal(lines.length, 9);
    assert.equal(lines[0], 'instance i-0abcdef1234567890');
    assert.equal(lines[8], '… and 3 more');
    assert.deepEqual(referenceLines([PARAM]), ['SSM parameter /golden/web/latest']);
  });

  it('warns with a summary and bullet lines, and not at all without references', () => {
    assert.equal(referencesWarning(IMAGE, 'us-east-1', []), undefined);
    const text = referencesWarning(IMAGE, 'us-east-1', [INSTANCE, PARAM]);
    assert.equal(text, `${IMAGE} is still used by 1 instance and 1 SSM parameter in us-east-1:\n• instance i-0abcdef1234567890\n• SSM parameter /golden/web/latest`);
  });

  it('links instances, templates and parameters to the console of their partition; nothing for recipes or bad ids', () => {
    assert.equal(referenceConsoleUrl(INSTANCE, 'eu-west-1'), 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-0abcdef1234567890');
    assert.match(referenceConsoleUrl(TEMPLATE, 'us-east-1') ?? '', /#LaunchTemplateDetails:launchTemplateId=lt-0abcdef1234567890$/);
    assert.equal(referenceConsoleUrl(PARAM, 'us-east-1'), 'https://console.aws.amazon.com/systems-manager/parameters/golden%2Fweb%2Flatest/description?region=us-east-1');
    assert.match(referenceConsoleUrl(ref('ec2:Instance', 'arn:aws-cn:ec2:cn-north-1:1:instance/i-0abcdef1234567890'), 'us-east-1') ?? '', /^https:\/\/console\.amazonaws\.cn\//);
    assert.equal(referenceConsoleUrl(RECIPE, 'us-east-1'), undefined);
    assert.equal(referenceConsoleUrl(ref('ec2:Instance', 'arn:aws:ec2:us-east-1:1:instance/i-"><script>'), 'us-east-1'), undefined);
  });
});
