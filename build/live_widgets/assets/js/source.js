// "View the model": fetch the Python source the site serves and show it as text.

export function setupSourceViewer(root) {
  const details = root.querySelector(".w-model");
  if (!details) return; // a widget that lists no model modules shows no code
  const code = details.querySelector(".w-source code");
  const links = [...details.querySelectorAll("[data-source]")];
  const show = async (link) => {
    for (const other of links) other.removeAttribute("aria-current");
    link.setAttribute("aria-current", "true");
    code.textContent = "Loading…";
    try {
      const response = await fetch(link.href);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      code.textContent = await response.text();
    } catch (error) {
      code.textContent = `Could not load ${link.dataset.source}: ${error.message}`;
    }
  };
  for (const link of links) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      show(link);
    });
  }
  details.addEventListener("toggle", () => {
    if (details.open && !code.textContent && links[0]) show(links[0]);
  });
}
