import * as assert from 'node:assert/strict';
import { endpointLabel, viewDescription, viewDescriptionParts } from '../../../src/model/viewDescription';

describe('model/viewDescription', () => {
  it('is empty when nothing narrows or redirects the view', () => {
    assert.equal(viewDescription({ filter: '' }), undefined);
    assert.deepEqual(viewDescriptionParts({ filter: '', groupByTag: undefined, endpoint: undefined }), []);
  });

  it('keeps the filter and grouping parts', () => {
    assert.equal(viewDescription({ filter: 'ubuntu' }), 'filter: ubuntu');
    assert.equal(viewDescription({ filter: '', groupByTag: 'Team' }), 'by Team');
    assert.equal(viewDescription({ filter: 'web', groupByTag: 'Team' }), 'filter: web · by Team');
  });

  it('says when an endpoint override is active, with host and port', () => {
    assert.equal(viewDescription({ filter: '', endpoint: 'http://127.0.0.1:4566' }), 'endpoint 127.0.0.1:4566');
    assert.equal(viewDescription({ filter: 'web', groupByTag: 'Team', endpoint: 'https://ec2.example.test' }), 'filter: web · by Team · endpoint ec2.example.test');
    assert.deepEqual(viewDescriptionParts({ filter: '', endpoint: 'http://[::1]:9/' }), ['endpoint [::1]:9']);
  });

  it('shows invisible and bidi characters of the parts as escapes', () => {
    assert.equal(viewDescription({ filter: 'web\u202E', groupByTag: 'Te\u200Bam\nX' }), 'filter: web\\u202E · by Te\\u200Bam X');
  });

  it('endpointLabel falls back to the text when it is no URL', () => {
    assert.equal(endpointLabel('not a url'), 'not a url');
    assert.equal(endpointLabel('https://localhost:8443/path?q=1'), 'localhost:8443');
  });
});
