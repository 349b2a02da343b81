/**
 * The catalog's data layer over a recording CatalogOperations: the whole Quick start list goes to
 * getPublicParameters in one call (the service splits it), DescribeImages gets each distinct value
 * once, failures pass through; a search page maps its images and NextToken.
 */
import * as assert from 'node:assert/strict';
import type { CatalogOperations, PageRequest, PublicImageQuery } from '../../../src/aws/types';
import { SEARCH_PAGE_SIZE, resolveQuickStart, searchCatalog } from '../../../src/data/catalog';
import { QUICK_START, quickStartParameters } from '../../../src/model/catalog';
import type { AmiImage } from '../../../src/model/image';
import { fail, ok } from '../../../src/model/result';

function image(id: string, fields: Partial<AmiImage> = {}): AmiImage {
  return { imageId: id, region: 'us-east-1', state: 'available', public: true, productCodes: [], tags: {}, blockDeviceMappings: [], ...fields };
}

function recording(answers: Partial<Record<keyof CatalogOperations, unknown>>) {
  const calls: { method: string; args: unknown[] }[] = [];
  const ops = {
    profile: undefined,
    getPublicParameters: async (...args: unknown[]) => (calls.push({ method: 'getPublicParameters', args }), answers.getPublicParameters),
    getParametersByPath: async (...args: unknown[]) => (calls.push({ method: 'getParametersByPath', args }), answers.getParametersByPath),
    describeImagesById: async (...args: unknown[]) => (calls.push({ method: 'describeImagesById', args }), answers.describeImagesById),
    searchPublicImages: async (...args: unknown[]) => (calls.push({ method: 'searchPublicImages', args }), answers.searchPublicImages),
  } as unknown as CatalogOperations;
  return { ops, calls };
}

describe('data/catalog', () => {
  it('resolves the Quick start: the whole list to SSM, each distinct value to EC2 once', async () => {
    const [a, b, c] = QUICK_START;
    const { ops, calls } = recording({
      getPublicParameters: ok({
        parameters: [
          { name: a!.parameter, value: 'ami-00000000000000001' },
          { name: b!.parameter, value: 'ami-00000000000000001' },
          { name: c!.parameter, value: 'ami-00000000000000002' },
        ],
        invalid: quickStartParameters().slice(3),
      }),
      describeImagesById: ok([image('ami-00000000000000001', { name: 'one', ownerAlias: 'amazon' })]),
    });
    const signal = new AbortController().signal;
    const rows = await resolveQuickStart(ops, 'eu-west-1', signal);
    assert.ok(rows.ok);
    assert.equal(calls[0]?.method, 'getPublicParameters');
    assert.deepEqual(calls[0]?.args, ['eu-west-1', quickStartParameters(), signal]);
    assert.deepEqual(calls[1]?.args, ['eu-west-1', ['ami-00000000000000001', 'ami-00000000000000002'], signal]);
    assert.deepEqual(rows.value.slice(0, 4).map((r) => r.status.kind), ['found', 'found', 'notVisible', 'notPublished']);
    assert.equal(rows.value.length, QUICK_START.length);
  });

  it('asks EC2 nothing when no parameter is published, and passes failures through', async () => {
    const none = recording({ getPublicParameters: ok({ parameters: [], invalid: quickStartParameters() }) });
    const rows = await resolveQuickStart(none.ops, 'ap-east-2');
    assert.ok(rows.ok && rows.value.every((r) => r.status.kind === 'notPublished'));
    assert.deepEqual(none.calls.map((c) => c.method), ['getPublicParameters']);

    const denied = recording({ getPublicParameters: fail({ kind: 'accessDenied', message: 'not allowed: ssm:GetParameters' }) });
    const failed = await resolveQuickStart(denied.ops, 'us-east-1');
    assert.ok(!failed.ok && failed.error.kind === 'accessDenied');

    const ec2 = recording({ getPublicParameters: ok({ parameters: [{ name: QUICK_START[0]!.parameter, value: 'ami-00000000000000001' }], invalid: [] }), describeImagesById: fail({ kind: 'throttled', message: 'slow down' }) });
    const failed2 = await resolveQuickStart(ec2.ops, 'us-east-1');
    assert.ok(!failed2.ok && failed2.error.kind === 'throttled');
  });

  it('searches one page with the query and the token, and maps images with their marks', async () => {
    const { ops, calls } = recording({
      searchPublicImages: ok({ items: [image('ami-00000000000000003', { ownerId: '111122223333', name: 'x' })], nextToken: 'tok-2' }),
    });
    const page = await searchCatalog(ops, 'us-east-1', { source: 'community', namePattern: 'x*', owner: '111122223333', architecture: 'arm64' }, 'tok-1');
    assert.ok(page.ok);
    assert.equal(page.value.nextToken, 'tok-2');
    assert.equal(page.value.images[0]?.mark.kind, 'community');
    const [region, query, request] = calls[0]!.args as [string, PublicImageQuery, PageRequest];
    assert.equal(region, 'us-east-1');
    assert.deepEqual(query, { source: 'community', namePattern: 'x*', owner: '111122223333', architecture: 'arm64' });
    assert.deepEqual(request, { pageSize: SEARCH_PAGE_SIZE, nextToken: 'tok-1' });

    const first = recording({ searchPublicImages: ok({ items: [] }) });
    const empty = await searchCatalog(first.ops, 'us-east-1', { source: 'marketplace', namePattern: 'y' }, undefined);
    assert.ok(empty.ok && empty.value.images.length === 0 && empty.value.nextToken === undefined);
    assert.deepEqual(first.calls[0]!.args[1], { source: 'marketplace', namePattern: 'y' });
    assert.deepEqual(first.calls[0]!.args[2], { pageSize: SEARCH_PAGE_SIZE });
  });
});
