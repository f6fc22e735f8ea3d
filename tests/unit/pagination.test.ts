import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { pageMeta, pageQuery } from '../../server/http/pagination';

// What a paged list (users, attendance history, a device's events) tells the
// console about the pages: which one this is, and how many there are.

const query = z.object(pageQuery);

describe('the pages of a list', () => {
  it('a list that fits on a page has one page, and so does an empty list', () => {
    assert.deepEqual(pageMeta(1, 20, 0), { page: 1, per_page: 20, total: 0, last_page: 1 });
    assert.equal(pageMeta(1, 20, 1).last_page, 1);
    assert.equal(pageMeta(1, 20, 20).last_page, 1);
  });

  it('one row more than a page makes a second page; the last page may be partly filled', () => {
    assert.equal(pageMeta(1, 20, 21).last_page, 2);
    assert.equal(pageMeta(1, 20, 40).last_page, 2);
    assert.equal(pageMeta(1, 20, 41).last_page, 3);
    assert.equal(pageMeta(1, 1, 7).last_page, 7);
    assert.equal(pageMeta(1, 100, 1001).last_page, 11);
  });

  it('a page asked for past the end is reported as asked, with the real last page, so the console can go back', () => {
    assert.deepEqual(pageMeta(9, 20, 45), { page: 9, per_page: 20, total: 45, last_page: 3 });
  });

  it('without page or per_page a list starts at page 1 with 20 rows; both are read from query strings', () => {
    assert.deepEqual(query.parse({}), { page: 1, per_page: 20 });
    assert.deepEqual(query.parse({ page: '3', per_page: '50' }), { page: 3, per_page: 50 });
  });

  it('page 0, more than 100 rows a page, or a fraction are refused', () => {
    for (const bad of [{ page: '0' }, { per_page: '0' }, { per_page: '101' }, { page: '1.5' }, { page: 'two' }])
      assert.equal(query.safeParse(bad).success, false, JSON.stringify(bad));
    assert.equal(query.safeParse({ per_page: '100' }).success, true, '100 is the most');
  });
});
