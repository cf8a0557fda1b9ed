/**
 * What a pruned search keeps to decide what is still worth estimating: the best option, the
 * runner-up on another instance type, the cheapest of each hardware kind, and the fastest speed
 * found. A candidate whose lower cost bound is above all of them, and whose speed bound is below
 * the fastest, cannot change the answer.
 */
import { cheapest, type PlanOption } from './options.js';

export class Leaders {
  first: PlanOption | undefined;
  second: PlanOption | undefined;
  fastest = 0;
  private readonly byKind = new Map<string, PlanOption>();

  cheapestOfKind(kind: string): PlanOption | undefined {
    return this.byKind.get(kind);
  }

  add(result: PlanOption): void {
    this.fastest = Math.max(this.fastest, result.speed);
    const kind = result.machine.acceleratorKind;
    const current = this.byKind.get(kind);
    this.byKind.set(kind, current ? (cheapest([current, result]) ?? result) : result);
    const { first, second } = this;
    if (!first || cheapest([first, result]) === result) {
      if (!first || first.machine.instanceType !== result.machine.instanceType) this.second = first;
      this.first = result;
    } else if (
      result.machine.instanceType !== first.machine.instanceType &&
      (!second || cheapest([second, result]) === result)
    ) {
      this.second = result;
    }
  }
}
