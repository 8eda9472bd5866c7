// "Predict, then reveal": a chapter's ```widget block may ask the reader to guess
// one output first (widget_html.py prediction_html). Until they guess or skip, the
// results stay hidden (CSS: [data-predict="pending"]), so the numbers cannot
// answer the question for them. The guess lives in this page only: no storage, no URL.

import { plain } from "./params.js";

const WITHIN = 0.05; // closer than this (relative) counts as right

/**
 * The number in a reader's guess, or null: "40", "1,200 ms", "2.5k", "~80 %".
 * Commas, spaces and units are dropped; k, M, B, T right after the number multiply
 * (output text uses them: "3.4k"). Two numbers ("40-50") are not one guess.
 */
export function readGuess(text) {
  const cleaned = text.replace(/[,\s_]/g, "").replace(/^[~≈$]+/, "");
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([kKMBT](?![A-Za-z]))?(.*)$/.exec(cleaned);
  if (!match || /\d/.test(match[3])) return null;
  const scale = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[match[2]] || 1;
  const value = Number(match[1]) * scale;
  return Number.isFinite(value) ? value : null;
}

/** How far `guess` is from `answer`, in words, e.g. "your guess was 1.5 times the answer". */
export function compare(guess, answer) {
  if (Math.abs(guess - answer) <= WITHIN * Math.abs(answer)) return "within 5 % of the answer";
  const times = (x) => plain(Number(x.toPrecision(2)));
  // Ratios only mean something when both have the same sign and neither is zero.
  if (guess * answer > 0) {
    const ratio = guess / answer;
    return ratio > 1
      ? `your guess was ${times(ratio)} times the answer`
      : `the answer was ${times(1 / ratio)} times your guess`;
  }
  const gap = plain(Number(Math.abs(guess - answer).toPrecision(3)));
  return `your guess was ${gap} ${guess > answer ? "above" : "below"} the answer`;
}

export function setupPredict(root) {
  const box = root.querySelector(".w-predict");
  if (!box) return;
  const form = box.querySelector(".w-predict-form");
  const input = box.querySelector(".w-predict-guess");
  const skip = box.querySelector(".w-predict-skip");
  const result = box.querySelector(".w-predict-result");
  const name = box.dataset.predictOutput;
  const scale = Number(box.dataset.predictScale) || 1; // 100: a fraction guessed in %
  result.tabIndex = -1; // focus lands here when the button that was focused goes away

  // A line where the results were, so the reader knows they exist. Not a live region:
  // it is there from the start.
  const placeholder = document.createElement("p");
  placeholder.className = "w-predict-placeholder";
  placeholder.textContent = "The results appear here once you have made a guess above, or chosen to see them.";
  root.querySelector(".w-results")?.before(placeholder);
  root.dataset.predict = "pending";

  const say = (text, invalid = false) => {
    result.textContent = text;
    result.classList.toggle("w-predict-invalid", invalid);
    input.setAttribute("aria-invalid", String(invalid));
  };

  // Once the answer shows, the form has done its work (a guess now would be a copy):
  // CSS hides it, and focus that was in it moves to the line that answers.
  const reveal = () => {
    const focusWasInForm = form.contains(document.activeElement);
    root.dataset.predict = "revealed";
    placeholder.remove();
    if (focusWasInForm) result.focus();
  };

  // The answer as the page shows it now: build-time numbers until Python is live.
  // After the reader changed an input, the shown numbers are for the old settings
  // (class w-stale): wait for Python's answer, unless it failed (data-state error).
  const whenFresh = (callback) => {
    const fresh = () => !root.classList.contains("w-stale") || root.dataset.state === "error";
    if (fresh()) return callback();
    // A reader who saves data has not started Python yet (data-saver.js): say what to do.
    const waiting = root.querySelector(".w-start");
    say(waiting ? "Press “Start Python” above to compute the answer for your settings." : "Python is computing the answer for your settings…");
    const observer = new MutationObserver(() => {
      if (!fresh()) return;
      observer.disconnect();
      callback();
    });
    observer.observe(root, { attributes: true, attributeFilter: ["class", "data-state"] });
  };

  const answerText = () => {
    const output = root.querySelector(`.w-results [data-output="${CSS.escape(name)}"]`);
    if (!output) return null;
    return { text: output.textContent.trim(), value: Number(output.dataset.value) * scale };
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const raw = input.value.trim();
    if (!raw) {
      say("Type a number first, or choose “Show without guessing”.", true);
      input.focus();
      return;
    }
    const guess = readGuess(raw);
    if (guess === null) {
      say(`“${raw.slice(0, 40)}” is not a number I can read: type one number, such as 40 or 2.5k.`, true);
      input.focus();
      return;
    }
    say("", false);
    reveal();
    whenFresh(() => {
      const answer = answerText();
      const guessed = scale === 100 ? `${plain(guess)}%` : plain(guess); // as the answer reads
      if (!answer) return say(`You guessed ${guessed}.`);
      const how = Number.isFinite(answer.value) ? `: ${compare(guess, answer.value)}` : "";
      say(`You guessed ${guessed}; the model says ${answer.text}${how}.`);
    });
  });

  skip.addEventListener("click", () => {
    say("", false);
    reveal();
    whenFresh(() => {
      const answer = answerText();
      say(answer ? `The model says ${answer.text}.` : "The results are shown below.");
    });
  });
}
