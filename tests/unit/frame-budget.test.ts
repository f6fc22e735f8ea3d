import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFrameBudget, createLoadGauge } from '../../server/realtime/frame-budget';

const overloaded = { busy: 0.95, framing: 0.2 };
const relaxed = { busy: 0.3, framing: 0.05 };

describe('a node adapts its frame budget to the machine it runs on', () => {
  it('an overloaded node that spends a real share of its time on frames halves its budget at each reading', () => {
    const budget = createFrameBudget(4000);
    assert.equal(budget.observe(overloaded), 2000);
    assert.equal(budget.observe(overloaded), 1000);
    assert.equal(budget.framesPerSecond(), 1000);
  });

  it('however long the overload lasts, the budget stops at a sixty-fourth of the ceiling', () => {
    const budget = createFrameBudget(4000);
    for (let i = 0; i < 20; i++) budget.observe(overloaded);
    assert.equal(budget.framesPerSecond(), 62.5);
    assert.equal(budget.observe(overloaded), null, 'no change to report at the floor');
  });

  it('a node busy with requests but writing few frames keeps its budget: a longer window would not relieve it', () => {
    const budget = createFrameBudget(4000);
    assert.equal(budget.observe({ busy: 1, framing: 0.01 }), null);
    assert.equal(budget.framesPerSecond(), 4000);
  });

  it('once the node has room again the budget grows back a tenth per reading, never past the ceiling', () => {
    const budget = createFrameBudget(4000);
    budget.observe(overloaded);
    budget.observe(overloaded);
    assert.equal(budget.observe(relaxed), 1100);
    for (let i = 0; i < 30; i++) budget.observe(relaxed);
    assert.equal(budget.framesPerSecond(), 4000);
  });

  it('between overloaded and relaxed the budget holds, so it does not swing at every reading', () => {
    const budget = createFrameBudget(4000);
    budget.observe(overloaded);
    assert.equal(budget.observe({ busy: 0.7, framing: 0.2 }), null);
    assert.equal(budget.framesPerSecond(), 2000);
  });

  it('the gauge reports the share of the interval spent writing frames, and starts afresh after each reading', () => {
    let now = 0;
    const gauge = createLoadGauge(() => now);
    const write = gauge.timeFraming((ms: number) => {
      now += ms;
    });
    write(30);
    now += 170;
    write(50);
    now += 750;
    assert.equal(gauge.read().framing, 80 / 1000);
    now += 500;
    assert.equal(gauge.read().framing, 0);
  });
});
