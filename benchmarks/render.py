"""Time rendering letters against raw Jinja2 rendering the same compiled template.

Run: python benchmarks/render.py. Prints microseconds per letter for both, the
ratio (target: at most 1.5x) and the time for 10,000 letters (target: under 1 s).
"""

from __future__ import annotations

import time

import infointerview as ii
from infointerview import samples

N = 10_000


def best_of(func, repeat=5, number=2_000):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def main() -> None:
    renderer = ii.Renderer()
    requester, contact = samples.requester(), samples.contact()
    channel = ii.Channel.EMAIL
    letter = renderer.outreach(requester, contact, channel=channel)
    # The same compiled template and the same plain context, rendered by Jinja2 alone.
    template = renderer._env.get_template(letter.template)
    context = renderer._context(requester, contact, channel, "standard", ii.MessageKind.OUTREACH)
    assert template.render(context).endswith(letter.body)

    ours = best_of(lambda: renderer.outreach(requester, contact, channel=channel))
    raw = best_of(lambda: template.render(context))
    start = time.perf_counter()
    for _ in range(N):
        renderer.outreach(requester, contact, channel=channel)
    total = time.perf_counter() - start
    print(f"raw Jinja2 render:       {raw * 1e6:8.1f} us per letter (baseline)")
    print(f"Renderer.outreach:       {ours * 1e6:8.1f} us per letter")
    print(f"ratio:                   {ours / raw:8.2f}x (target <= 1.5x)")
    print(f"{N:,} letters:           {total:8.3f} s (target < 1 s)")


if __name__ == "__main__":
    main()
