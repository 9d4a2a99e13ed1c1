// The status page: polls the actuator endpoint, the echo servers' controller and the sockets'
// traffic, and renders them in place (elements are created once and updated, so that buttons stay
// clickable while polling).
(function () {
	'use strict';

	var POLL_MILLIS = 500;
	var TICK_MILLIS = 200;
	var TIMELINE_SIZE = 30;

	var sockets = {};      // name -> last JSON from the endpoint
	var traffic = {};      // name -> last JSON from echo-stats
	var cards = {};        // name -> card element

	function $(id) {
		return document.getElementById(id);
	}

	// Instants may come as ISO strings, epoch milliseconds or epoch seconds.
	function toMillis(value) {
		if (value === null || value === undefined) {
			return null;
		}
		if (typeof value === 'number') {
			return value < 1e11 ? value * 1000 : value;
		}
		var millis = Date.parse(value);
		return isNaN(millis) ? null : millis;
	}

	function formatDuration(millis) {
		if (millis === null || millis < 0) {
			millis = 0;
		}
		if (millis < 1000) {
			return Math.round(millis) + ' ms';
		}
		var seconds = millis / 1000;
		if (seconds < 60) {
			return seconds.toFixed(1) + ' s';
		}
		var minutes = Math.floor(seconds / 60);
		if (minutes < 60) {
			return minutes + ' min ' + Math.floor(seconds % 60) + ' s';
		}
		return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
	}

	function formatTime(millis) {
		var date = new Date(millis);
		function pad(n, width) {
			return String(n).padStart(width || 2, '0');
		}
		return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.'
			+ pad(date.getMilliseconds(), 3);
	}

	function simpleName(type) {
		return type ? String(type).split('.').pop() : 'Error';
	}

	function stateOf(socket) {
		return String(socket.state || 'unknown').toLowerCase();
	}

	function badge(state, extraClass) {
		var span = document.createElement('span');
		span.className = 'badge state-' + state + (extraClass ? ' ' + extraClass : '');
		span.textContent = state;
		return span;
	}

	function field(card, name) {
		return card.querySelector('[data-field="' + name + '"]');
	}

	function getJson(url) {
		return fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (response) {
			if (!response.ok) {
				throw new Error(url + ': HTTP ' + response.status);
			}
			return response.json();
		});
	}

	function post(url, body) {
		var init = { method: 'POST', headers: { Accept: 'application/json' } };
		if (body !== undefined) {
			init.headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
		return fetch(url, init).then(function (response) {
			if (!response.ok) {
				return response.text().then(function (text) {
					var detail = text;
					try {
						var json = JSON.parse(text);
						detail = json.message || json.error || text;
					}
					catch (ignored) {
						// not JSON: keep the text
					}
					throw new Error('HTTP ' + response.status + (detail ? ': ' + detail : ''));
				});
			}
			return response.text().then(function (text) {
				return text ? JSON.parse(text) : null;
			});
		});
	}

	function showMessage(text, isError) {
		var message = $('message');
		message.textContent = text;
		message.className = 'message' + (isError ? ' error' : '');
	}

	// ------------------------------------------------------------------ echo server

	function renderServer(status) {
		$('echo-server').dataset.running = String(status.running);
		$('echo-server').dataset.stalled = String(status.stalled);
		var serverBadge = $('server-badge');
		var state = !status.running ? 'stopped' : (status.stalled ? 'stalled' : 'running');
		serverBadge.textContent = state;
		serverBadge.className = 'badge ' + (state === 'running' ? 'state-opened'
			: (state === 'stalled' ? 'state-reopening' : 'state-stopped'));
		$('server-address').textContent = '127.0.0.1:' + status.port;
		$('server-connections').textContent = status.connections;
		$('server-stop').disabled = !status.running;
		$('server-start').disabled = status.running;
		$('server-stall').disabled = !status.running || status.stalled;
		$('server-resume').disabled = !status.stalled;
	}

	function renderWebSocketEndpoint(endpoint) {
		if (endpoint) {
			$('ws-endpoint').textContent = endpoint.path + ' on this server · ' + endpoint.sessions
				+ (endpoint.sessions === 1 ? ' session' : ' sessions');
		}
	}

	var SERVER_MESSAGES = {
		stop: ['Stopping the echo server…', 'Echo server stopped: watch the echo socket retry.'],
		start: ['Starting the echo server…', 'Echo server started.'],
		stall: ['Stalling the echo server…',
			'Echo server stalled: it accepts but never answers. Watch liveness drop the echo socket within 3 s.'],
		resume: ['Resuming the echo server…', 'Echo server answers again.']
	};

	function serverAction(action) {
		var button = $('server-' + action);
		button.disabled = true;
		showMessage(SERVER_MESSAGES[action][0]);
		post('echo-server/' + action).then(function (status) {
			renderServer(status);
			showMessage(SERVER_MESSAGES[action][1]);
		}).catch(function (error) {
			button.disabled = false;
			showMessage(error.message, true);
		}).then(poll);
	}

	// ------------------------------------------------------------------ sockets

	function cardFor(name) {
		var card = cards[name];
		if (!card) {
			card = $('socket-template').content.firstElementChild.cloneNode(true);
			card.dataset.socket = name;
			field(card, 'name').textContent = name;
			card.querySelectorAll('button[data-action]').forEach(function (button) {
				button.addEventListener('click', function () {
					socketAction(name, button.dataset.action, button);
				});
			});
			cards[name] = card;
			$('sockets').appendChild(card);
		}
		return card;
	}

	function socketAction(name, action, button) {
		button.disabled = true;
		post('actuator/reconnectingsockets/' + encodeURIComponent(name), { action: action }).then(function () {
			showMessage(action + ' sent to ' + name + '.');
		}).catch(function (error) {
			showMessage(action + ' ' + name + ' failed: ' + error.message, true);
		}).then(poll);
	}

	function renderSocket(name, socket) {
		var card = cardFor(name);
		var state = stateOf(socket);
		card.dataset.state = state;
		var stateBadge = field(card, 'state');
		stateBadge.textContent = state;
		stateBadge.className = 'badge state-badge state-' + state;
		renderLeadership(card, socket.leadership);
		field(card, 'attempt').textContent = socket.attempt;
		field(card, 'failures').textContent = socket.consecutiveFailures;
		var error = field(card, 'error');
		if (socket.lastError) {
			var at = toMillis(socket.lastError.time);
			error.textContent = '';
			var type = document.createElement('strong');
			type.textContent = simpleName(socket.lastError.type);
			error.appendChild(type);
			error.appendChild(document.createTextNode((socket.lastError.message ? ': ' + socket.lastError.message : '')
				+ (at ? ' (at ' + formatTime(at) + ')' : '')));
			error.title = socket.lastError.type || '';
			error.classList.add('has-error');
		}
		else {
			error.textContent = 'none';
			error.title = '';
			error.classList.remove('has-error');
		}
		var counters = socket.counters || {};
		['attempts', 'opens', 'failedAttempts', 'disconnections'].forEach(function (key) {
			field(card, key).textContent = counters[key] !== undefined ? counters[key] : '—';
		});
		field(card, 'gaveUp').textContent = counters.failures !== undefined ? counters.failures : '—';
		renderSettings(field(card, 'settings'), socket);
		renderTraffic(card, traffic[name]);
		card.querySelector('[data-action="reconnect"]').disabled = !(state === 'opened' || state === 'closed');
		card.querySelector('[data-action="stop"]').disabled = state === 'stopped' || state === 'closing';
		card.querySelector('[data-action="start"]').disabled = !(state === 'stopped' || state === 'failed');
	}

	// What the sample sent through the socket's typed client and what came back as events.
	function renderTraffic(card, stats) {
		var block = field(card, 'traffic');
		block.hidden = !stats;
		if (!stats) {
			return;
		}
		field(card, 'target').textContent = stats.target || '';
		field(card, 'sent').textContent = stats.sent + (stats.failed ? ' (' + stats.failed + ' lost)' : '');
		field(card, 'refused').textContent = stats.refused;
		field(card, 'received').textContent = stats.received
			+ (stats.heartbeatsReceived ? ' (' + stats.heartbeatsReceived + ' heartbeats)' : '');
		field(card, 'rtt').textContent = (stats.lastRoundTripMillis === null || stats.lastRoundTripMillis === undefined)
			? '—' : stats.lastRoundTripMillis.toFixed(2) + ' ms';
	}

	// With a leader role (the fleet profile): "leader" or "standby" beside the name.
	function renderLeadership(card, leadership) {
		var badgeElement = field(card, 'leadership');
		if (!badgeElement) {
			badgeElement = document.createElement('span');
			badgeElement.dataset.field = 'leadership';
			field(card, 'name').after(badgeElement);
		}
		badgeElement.hidden = !leadership;
		if (leadership) {
			badgeElement.className = 'badge ' + (leadership.status === 'leader' ? 'state-opened' : 'state-stopped');
			badgeElement.textContent = leadership.status + ' · ' + leadership.role;
			badgeElement.title = leadership.status === 'leader'
				? 'This instance holds the leader role: it runs the socket.'
				: 'Another instance holds the leader role: this socket waits as a standby.';
		}
	}

	// Backoff and other settings: whatever the endpoint reports besides the live values.
	var LIVE_KEYS = ['name', 'state', 'since', 'attempt', 'consecutiveFailures', 'lastError', 'nextAttemptAt',
		'disconnectedSince',
		'counters', 'recentTransitions', 'leadership'];

	// What a null setting means, where it means something.
	var NULL_MEANS = { failAfter: 'never', resetAfter: 'on open', openTimeout: 'none' };

	// ISO-8601 durations (PT0.2S, PT1M30S) as people write them.
	function formatSetting(value) {
		var match = typeof value === 'string' && /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value);
		if (!match) {
			return String(value);
		}
		var millis = ((Number(match[1] || 0) * 60 + Number(match[2] || 0)) * 60 + Number(match[3] || 0)) * 1000;
		if (millis === 0) {
			return '0';
		}
		return millis < 1000 ? Math.round(millis) + ' ms' : formatDuration(millis).replace('.0 s', ' s');
	}

	function renderSettings(container, socket) {
		var entries = [];
		function add(key, value) {
			if (value === null || value === undefined) {
				if (NULL_MEANS[key]) {
					entries.push([key, NULL_MEANS[key]]);
				}
				return;
			}
			entries.push([key, formatSetting(value)]);
		}
		Object.keys(socket).forEach(function (key) {
			if (LIVE_KEYS.indexOf(key) >= 0) {
				return;
			}
			var value = socket[key];
			if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
				Object.keys(value).forEach(function (inner) {
					add(inner, value[inner]);
				});
			}
			else {
				add(key, value);
			}
		});
		var text = JSON.stringify(entries);
		if (container.dataset.text === text) {
			return;
		}
		container.dataset.text = text;
		container.textContent = '';
		entries.forEach(function (entry) {
			var chip = document.createElement('span');
			chip.className = 'chip';
			var key = document.createElement('span');
			key.className = 'chip-key';
			key.textContent = entry[0];
			chip.appendChild(key);
			chip.appendChild(document.createTextNode(entry[1]));
			container.appendChild(chip);
		});
	}

	function removeGoneSockets(names) {
		Object.keys(cards).forEach(function (name) {
			if (names.indexOf(name) < 0) {
				cards[name].remove();
				delete cards[name];
			}
		});
		$('no-sockets').hidden = names.length > 0;
	}

	// ------------------------------------------------------------------ timeline

	function renderTimeline() {
		var entries = [];
		Object.keys(sockets).forEach(function (name) {
			var transitions = sockets[name].recentTransitions || [];
			// Newest first: the entry after each one (older) is when its "from" state was entered.
			transitions.forEach(function (transition, index) {
				var time = toMillis(transition.time);
				var older = transitions[index + 1];
				var olderTime = older ? toMillis(older.time) : null;
				entries.push({
					socket: name,
					time: time,
					from: String(transition.from).toLowerCase(),
					to: String(transition.to).toLowerCase(),
					attempt: transition.attempt,
					stayed: (olderTime !== null && time !== null) ? time - olderTime : null
				});
			});
		});
		entries.sort(function (a, b) {
			return b.time - a.time;
		});
		entries = entries.slice(0, TIMELINE_SIZE);
		var key = JSON.stringify(entries);
		var list = $('timeline');
		if (list.dataset.key === key) {
			return;
		}
		list.dataset.key = key;
		list.textContent = '';
		entries.forEach(function (entry) {
			var item = document.createElement('li');
			item.dataset.socket = entry.socket;
			item.dataset.to = entry.to;
			var time = document.createElement('time');
			time.textContent = entry.time !== null ? formatTime(entry.time) : '—';
			item.appendChild(time);
			var change = document.createElement('span');
			change.className = 'change';
			change.appendChild(badge(entry.from, 'small'));
			change.appendChild(document.createTextNode(' → '));
			change.appendChild(badge(entry.to, 'small'));
			item.appendChild(change);
			var detail = document.createElement('span');
			detail.className = 'detail';
			detail.textContent = entry.socket + ' · attempt ' + entry.attempt
				+ (entry.stayed !== null ? ' · after ' + formatDuration(entry.stayed) + ' ' + entry.from : '');
			item.appendChild(detail);
			list.appendChild(item);
		});
		$('no-transitions').hidden = entries.length > 0;
	}

	// ------------------------------------------------------------------ clocks

	function tick() {
		var now = Date.now();
		Object.keys(cards).forEach(function (name) {
			var socket = sockets[name];
			if (!socket) {
				return;
			}
			var card = cards[name];
			var since = toMillis(socket.since);
			var down = toMillis(socket.disconnectedSince);
			// The state's age restarts at every retry; the outage's does not.
			field(card, 'duration').textContent = since !== null
				? formatTime(since) + ' (' + formatDuration(now - since) + ')' : '—';
			field(card, 'down').textContent = down !== null
				? formatTime(down) + ' (' + formatDuration(now - down) + ')' : 'connected';
			var next = toMillis(socket.nextAttemptAt);
			var nextField = field(card, 'next');
			if (next === null) {
				nextField.textContent = '—';
			}
			else {
				nextField.textContent = (next > now ? 'in ' + formatDuration(next - now) : 'due')
					+ ' (' + formatTime(next) + ')';
			}
		});
	}

	// ------------------------------------------------------------------ polling

	function setLive(ok, error) {
		$('live').dataset.live = ok ? 'true' : 'false';
		$('live-text').textContent = ok ? 'live · updated ' + formatTime(Date.now()) : 'unreachable: ' + error.message;
	}

	var timer = null;
	var inFlight = false;
	var again = false;

	// One poll at a time: a poll asked for while one runs follows right after it.
	function poll() {
		if (inFlight) {
			again = true;
			return;
		}
		inFlight = true;
		clearTimeout(timer);
		Promise.all([
			getJson('actuator/reconnectingsockets'),
			getJson('echo-server'),
			getJson('echo-stats').catch(function () {
				return {};
			}),
			getJson('ws-echo-endpoint').catch(function () {
				return null;
			})
		]).then(function (results) {
			sockets = (results[0] && results[0].sockets) || {};
			traffic = results[2] || {};
			var names = Object.keys(sockets).sort();
			names.forEach(function (name) {
				renderSocket(name, sockets[name]);
			});
			removeGoneSockets(names);
			renderTimeline();
			renderServer(results[1]);
			renderWebSocketEndpoint(results[3]);
			tick();
			setLive(true);
		}).catch(function (error) {
			setLive(false, error);
		}).then(function () {
			inFlight = false;
			if (again) {
				again = false;
				poll();
			}
			else {
				timer = setTimeout(poll, POLL_MILLIS);
			}
		});
	}

	$('server-stop').addEventListener('click', function () {
		serverAction('stop');
	});
	$('server-start').addEventListener('click', function () {
		serverAction('start');
	});
	$('server-stall').addEventListener('click', function () {
		serverAction('stall');
	});
	$('server-resume').addEventListener('click', function () {
		serverAction('resume');
	});
	setInterval(tick, TICK_MILLIS);
	poll();
})();
