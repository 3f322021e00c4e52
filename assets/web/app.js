// holdspace's pages: the room view, the remote and the facilitator's page. The server sends the
// whole state when the page connects and whenever something changes (never every second); the
// page counts the seconds down on its own clock. Every text from the session is put in the page
// as text (textContent), never as markup. Actions carry the token in a header.
'use strict';
(() => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const page = document.body.dataset.page;
  const $ = (id) => document.getElementById(id);
  let state = null;
  let received = 0;
  let source = null;
  let watchdog = 0;
  let ticking = 0;

  const text = (el, value) => { if (el) el.textContent = value == null ? '' : String(value); };
  const show = (el, on) => { if (el) el.hidden = !on; };
  const pad = (n) => String(n).padStart(2, '0');

  // As the terminal writes a time: 4:05, 1:02:03.
  const clock = (secs) => {
    const h = Math.floor(secs / 3600), m = Math.floor(secs / 60) % 60, s = secs % 60;
    return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  };
  // As a session file writes a length: 45s, 2m30s, 1h5m.
  const words = (ms) => {
    const secs = Math.floor(ms / 1000), h = Math.floor(secs / 3600), m = Math.floor(secs / 60) % 60, s = secs % 60;
    let out = (h ? `${h}h` : '') + (m ? `${m}m` : '');
    if (s || !out) out += `${s}s`;
    return out;
  };
  const elapsed = () => performance.now() - received;

  const status = (message) => { text($('status'), message); show($('status'), !!message); };

  // The timer now: digits, word and state, from what was sent and the time since.
  function reading(t) {
    const left = t.left_ms - (t.running ? elapsed() : 0);
    let state = t.status;
    if (t.running && left <= 0) state = 'over';
    if (t.running && left > 0 && state === 'over') state = 'running';
    const secs = left > 0 ? Math.ceil(left / 1000) : Math.floor(-left / 1000);
    let digits = clock(secs);
    if (state === 'over') digits = t.hide_overtime ? '0:00' : `+${digits}`;
    const word = { running: '', warning: t.words.warning, over: t.words.over, paused: t.words.paused }[state];
    return { digits, word, state, left };
  }

  function drawTimer(room) {
    clearTimeout(ticking);
    const t = room.timer;
    show($('timer'), !!t);
    if (!t) return;
    const now = reading(t);
    text($('digits'), (t.countdown ? 'starts in ' : '') + now.digits);
    text($('word'), now.word);
    $('timer').className = `timer ${now.state}${t.countdown ? ' countdown' : ''}`;
    if (t.running && document.visibilityState === 'visible') {
      // Wake at the next whole second of the countdown, not before.
      const into = now.left > 0 ? now.left % 1000 : 1000 - (-now.left % 1000);
      ticking = setTimeout(() => { drawTimer(room); drawSchedule(); }, (into || 1000) + 5);
    }
  }

  function drawPassages(room) {
    const box = $('passages');
    if (!box) return;
    box.replaceChildren(...room.passages.map((p) => {
      const el = document.createElement('p');
      el.className = `tone-${p.tone}`;
      el.textContent = p.text;
      return el;
    }));
  }

  function drawGroups(room) {
    const box = $('groups');
    if (!box) return;
    const g = room.groups;
    show(box, !!g);
    if (!g) return;
    box.replaceChildren(...g.names.map((names, i) => {
      const el = document.createElement('div');
      el.className = 'group';
      names.forEach((name, place) => {
        const who = document.createElement('span');
        const speaks = g.speaking[i] === place;
        who.className = speaks ? 'name speaker' : 'name';
        who.textContent = speaks ? `▶ ${name}` : name;
        el.append(who);
      });
      return el;
    }));
  }

  function drawSchedule() {
    const list = $('schedule');
    if (!list || !state || !state.schedule) return;
    list.replaceChildren(...state.schedule.map((row) => {
      const li = document.createElement('li');
      li.className = row.current ? 'current' : (row.spent_ms != null ? 'done' : '');
      const mark = row.current ? '▶' : (row.spent_ms != null ? '✓' : ' ');
      const spent = row.spent_ms == null ? '' : ` (${words(row.spent_ms + (row.current ? elapsed() : 0))})`;
      const at = document.createElement('span');
      at.className = 'at';
      at.textContent = `${row.at} ${mark}`;
      const title = document.createElement('span');
      title.className = 'title';
      title.textContent = row.title.replace(/\n/g, ' ');
      const times = document.createElement('span');
      times.className = 'times';
      times.textContent = row.planned + spent;
      li.append(at, title, times);
      return li;
    }));
    const end = document.createElement('li');
    end.className = 'end';
    end.textContent = `${state.end_at} ■ end`;
    list.append(end);
  }

  function render() {
    const room = state.room || state;
    document.title = `${room.title} · holdspace`;
    text($('header'), room.header);
    text($('detail'), room.detail);
    text($('big'), room.big);
    show($('big'), !!room.big);
    text($('banner'), room.banner);
    show($('banner'), !!room.banner);
    drawPassages(room);
    drawGroups(room);
    drawTimer(room);
    const [done, steps] = room.progress;
    if ($('bar')) $('bar').style.width = `${steps ? (100 * done) / steps : 0}%`;
    text($('count'), `${done}/${steps}`);
    const blank = $('blank');
    if (blank) {
      show(blank, !!room.blank);
      blank.className = `blank ${room.blank || ''}`;
    }
    show($('blanked'), !!room.blank);
    const blankButton = $('blank-button');
    if (blankButton) {
      blankButton.dataset.command = room.blank ? 'unblank' : 'blank';
      blankButton.textContent = room.blank ? 'Show the room\'s screen again' : 'Blank the room\'s screen';
      blankButton.classList.toggle('on', !!room.blank);
    }
    const pause = $('pause');
    if (pause) {
      const paused = room.timer && !room.timer.running;
      pause.textContent = paused ? '▶ Resume' : '❚❚ Pause';
      pause.disabled = !room.timer;
    }
    text($('notes'), state.notes || (state.room ? 'no notes' : ''));
    text($('upcoming'), state.next);
    text($('drift'), state.drift);
    drawSchedule();
  }

  // Live state: the whole of it on connecting and on every change. A page that hears nothing,
  // not even the server's heartbeat, for this long has lost its connection and joins again.
  const QUIET = 40000;
  function alive() {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => { status('reconnecting…'); connect(); }, QUIET);
  }
  function connect() {
    if (source) source.close();
    source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
    alive();
    source.onmessage = (event) => {
      alive();
      state = JSON.parse(event.data);
      received = performance.now();
      status('');
      render();
    };
    source.addEventListener('alive', alive);
    source.addEventListener('ended', () => {
      source.close();
      clearTimeout(watchdog);
      status('the session ended');
    });
    source.onerror = () => {
      status('reconnecting…');
      // Closed for good (the server refused or is gone): try again a little later.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    };
  }

  // Actions: what a key would do in the terminal, sent with the token in a header.
  async function act(command, button) {
    if (button) button.classList.add('sent');
    try {
      const answer = await fetch('/action', {
        method: 'POST',
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json', 'X-Holdspace-Token': token },
        body: JSON.stringify(command),
      });
      if (!answer.ok) status(`not taken (${answer.status})`);
    } catch (e) {
      status('reconnecting…');
    } finally {
      if (button) setTimeout(() => button.classList.remove('sent'), 150);
    }
  }
  const command = (name) => (name === 'blank' ? { command: 'blank', shade: 'black' } : { command: name });
  document.querySelectorAll('button[data-command]').forEach((button) => {
    button.addEventListener('click', () => { wake(); act(command(button.dataset.command), button); });
  });
  if (page !== 'room') {
    // A clicker or a keyboard on a tablet works as it does in the terminal.
    const keys = { ArrowRight: 'next', PageDown: 'next', ArrowLeft: 'previous', PageUp: 'previous', ' ': 'toggle-pause', '+': 'add-minute' };
    document.addEventListener('keydown', (e) => {
      const name = keys[e.key];
      if (!name || e.target.tagName === 'BUTTON' && e.key === ' ') return;
      e.preventDefault();
      act(command(name));
    });
  }

  // The remote keeps the phone awake where the browser allows it.
  let lock = null;
  async function wake() {
    if (page !== 'remote' || lock) return;
    if (!('wakeLock' in navigator)) {
      text($('wake'), 'This browser cannot keep the screen on from this address (it allows it on https or localhost): set the phone not to lock while you facilitate.');
      return;
    }
    try {
      lock = await navigator.wakeLock.request('screen');
      lock.addEventListener('release', () => { lock = null; });
      text($('wake'), '');
    } catch (e) {
      text($('wake'), `The screen may lock: ${e.message}`);
    }
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    wake();
    if (state) render();
  });

  // The room page: light or dark, as the device prefers, or as chosen here.
  const theme = $('theme');
  if (theme) {
    const chosen = localStorage.getItem('holdspace-theme');
    if (chosen) document.documentElement.dataset.theme = chosen;
    theme.addEventListener('click', () => {
      const dark = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() !== '#ffffff';
      document.documentElement.dataset.theme = dark ? 'light' : 'dark';
      localStorage.setItem('holdspace-theme', document.documentElement.dataset.theme);
    });
  }

  status('connecting…');
  wake();
  connect();
})();
