// The composer's safety net: what is typed is kept in this browser until the server has saved it,
// so a reload, a closed tab or a dropped connection between keystroke and save loses nothing.
window.allinComposer = (() => {
  const prefix = "allin-composer:";
  const key = () => prefix + (new URLSearchParams(location.search).get("post") || "new");
  const fieldOf = (el) => el.id === "composer-text" ? "text" : (el.dataset.network ? "override:" + el.dataset.network : null);
  const read = (k) => { try { return JSON.parse(localStorage.getItem(k)) || {}; } catch (e) { return {}; } };
  const setValue = (el, value) => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  };
  document.addEventListener("input", (event) => {
    const el = event.target;
    if (!(el instanceof HTMLTextAreaElement) || !el.closest(".composer-editor")) return;
    const field = fieldOf(el);
    if (!field) return;
    const stored = read(key());
    stored[field] = el.value;
    localStorage.setItem(key(), JSON.stringify(stored));
  }, true);
  return {
    // The server saved these values: forget the ones that match (newer typing stays kept).
    confirm(saved) {
      const fresh = read(prefix + "new");
      if (key() !== prefix + "new" && Object.keys(fresh).length) {  // the new draft just got its address
        localStorage.setItem(key(), JSON.stringify({ ...fresh, ...read(key()) }));
        localStorage.removeItem(prefix + "new");
      }
      for (const k of [key(), prefix + "new"]) {
        const stored = read(k);
        for (const [field, value] of Object.entries(saved)) if (stored[field] === value) delete stored[field];
        Object.keys(stored).length ? localStorage.setItem(k, JSON.stringify(stored)) : localStorage.removeItem(k);
      }
    },
    forget() { localStorage.removeItem(key()); localStorage.removeItem(prefix + "new"); },
    // After the page loaded the saved draft: put back anything typed that never reached the server.
    recover() {
      setTimeout(() => {
        const stored = read(key());
        for (const [field, value] of Object.entries(stored)) {
          const el = field === "text" ? document.getElementById("composer-text")
            : document.querySelector(`.composer-editor textarea[data-network="${field.slice(9)}"]`);
          if (el && el.value !== value) setValue(el, value);
        }
      }, 400);
    },
  };
})();
