<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>Format</name>
    <message>
        <source>%1/s</source>
        <extracomment>A data rate, e.g. &quot;1.5 KiB/s&quot;</extracomment>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 d %2</source>
        <extracomment>Uptime: days, then hours:minutes:seconds</extracomment>
        <translation>%1 T %2</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ChannelsModel</name>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>Abonnenten</translation>
    </message>
    <message>
        <source>Messages/s</source>
        <translation>Nachrichten/s</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Last seq</source>
        <translation>Letzte Seq.</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectDialog</name>
    <message>
        <source>Connect to a hub</source>
        <translation>Mit einem Hub verbinden</translation>
    </message>
    <message>
        <source>Not needed on the hub&apos;s own machine</source>
        <translation>Auf dem Rechner des Hubs nicht nötig</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Hub &amp;URL:</source>
        <translation>Hub-&amp;URL:</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <translation>Admin-&amp;Token:</translation>
    </message>
    <message>
        <source>Enter a WebSocket URL, e.g. ws://127.0.0.1:8080/ws.</source>
        <translation>Geben Sie eine WebSocket-URL ein, z. B. ws://127.0.0.1:8080/ws.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectionIndicator</name>
    <message>
        <source>Connected to %1 · %2 ms</source>
        <extracomment>%1 is the hub&apos;s URL, %2 the round trip in milliseconds</extracomment>
        <translation>Verbunden mit %1 · %2 ms</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Reconnecting to %1 (attempt %2)…</source>
        <extracomment>%1 is the hub&apos;s URL, %2 the number of the attempt</extracomment>
        <translation>Erneute Verbindung mit %1 (Versuch %2)…</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectionsModel</name>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A user: their name, then their id</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>Entfernte Adresse</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>Dialekt</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Ein</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::HubMonitor</name>
    <message>
        <source>Cannot watch %1: %2</source>
        <extracomment>%1 is a channel, %2 the hub&apos;s reason</extracomment>
        <translation>%1 kann nicht beobachtet werden: %2</translation>
    </message>
    <message>
        <source>The connection to the hub was lost before it closed the connection.</source>
        <extracomment>%1 is the hub&apos;s reason</extracomment>
        <translation>Die Verbindung zum Hub ging verloren, bevor er die Verbindung geschlossen hat.</translation>
    </message>
    <message>
        <source>The hub did not close the connection: %1</source>
        <translation>Der Hub hat die Verbindung nicht geschlossen: %1</translation>
    </message>
    <message>
        <source>The connection to the hub was lost before it confirmed the publication.</source>
        <translation>Die Verbindung zum Hub ging verloren, bevor er die Veröffentlichung bestätigt hat.</translation>
    </message>
    <message>
        <source>The hub refused the publication: %1</source>
        <translation>Der Hub hat die Veröffentlichung abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::LanguageManager</name>
    <message>
        <source>Use this language (de, en, es, fr, …) instead of the system&apos;s, for this run.</source>
        <translation>Diese Sprache (de, en, es, fr, …) statt der des Systems verwenden, für diesen Start.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>The monitor will follow the system&apos;s language from its next start.</source>
        <translation>Der Monitor folgt ab dem nächsten Start der Sprache des Systems.</translation>
    </message>
    <message>
        <source>The monitor will use %1 from its next start.</source>
        <translation>Der Monitor verwendet ab dem nächsten Start %1.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::MainWindow</name>
    <message>
        <source>Tail</source>
        <translation>Live-Verlauf</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>This connection may not use the hub&apos;s admin extensions (%1). Run the monitor on the hub&apos;s machine, or connect with a token that has the admin role.</source>
        <extracomment>%1 is the hub&apos;s reason</extracomment>
        <translation>Diese Verbindung darf die Admin-Erweiterungen des Hubs nicht nutzen (%1). Starten Sie den Monitor auf dem Rechner des Hubs oder verbinden Sie sich mit einem Token, das die Rolle admin hat.</translation>
    </message>
    <message>
        <source>Published on %1 as seq %2.</source>
        <extracomment>%1 is a channel, %2 the publication&apos;s sequence number</extracomment>
        <translation>In %1 als Seq. %2 veröffentlicht.</translation>
    </message>
    <message>
        <source>Connection %1 closed.</source>
        <translation>Verbindung %1 geschlossen.</translation>
    </message>
    <message>
        <source>&amp;Connect to Hub…</source>
        <translation>Mit Hub &amp;verbinden…</translation>
    </message>
    <message>
        <source>&amp;Publish…</source>
        <translation>&amp;Veröffentlichen…</translation>
    </message>
    <message>
        <source>&amp;Disconnect Connection</source>
        <translation>Verbindung &amp;trennen</translation>
    </message>
    <message>
        <source>Close the connection selected in the connections table</source>
        <translation>Die in der Verbindungstabelle ausgewählte Verbindung schließen</translation>
    </message>
    <message>
        <source>&amp;Refresh Connections</source>
        <translation>Verbindungen &amp;aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Hub</source>
        <translation>H&amp;ub</translation>
    </message>
    <message>
        <source>&amp;Recent Hubs</source>
        <translation>&amp;Zuletzt verwendete Hubs</translation>
    </message>
    <message>
        <source>&amp;Channel</source>
        <translation>&amp;Kanal</translation>
    </message>
    <message>
        <source>C&amp;onnections</source>
        <translation>&amp;Verbindungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Herald Monitor</source>
        <translation>&amp;Über Herald Monitor</translation>
    </message>
    <message>
        <source>About Herald Monitor</source>
        <translation>Über Herald Monitor</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Herald Monitor&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;The live console for Herald hubs: channels, presence, rates, the tail of a channel and the connections, through the hub&apos;s admin extensions.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Herald Monitor&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Die Live-Konsole für Herald-Hubs: Kanäle, Präsenz, Raten, der Live-Verlauf eines Kanals und die Verbindungen, über die Admin-Erweiterungen des Hubs.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>Filter channels</source>
        <translation>Kanäle filtern</translation>
    </message>
    <message>
        <source>Hub channels ($…)</source>
        <translation>Hub-Kanäle ($…)</translation>
    </message>
    <message>
        <source>Also list the hub&apos;s own channels, such as $sys.stats</source>
        <translation>Auch die eigenen Kanäle des Hubs auflisten, etwa $sys.stats</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Filter by id, user, tenant or address</source>
        <translation>Nach ID, Benutzer, Mandant oder Adresse filtern</translation>
    </message>
    <message>
        <source>Herald Monitor</source>
        <translation>Herald Monitor</translation>
    </message>
    <message>
        <source>Herald Monitor — embedded hub on %1</source>
        <extracomment>%1 is the URL of the hub running inside the monitor</extracomment>
        <translation>Herald Monitor — eingebetteter Hub auf %1</translation>
    </message>
    <message>
        <source>Herald Monitor — %1</source>
        <translation>Herald Monitor — %1</translation>
    </message>
    <message>
        <source>Tail · %1</source>
        <translation>Live-Verlauf · %1</translation>
    </message>
    <message>
        <source>Presence: select a channel</source>
        <translation>Präsenz: Kanal auswählen</translation>
    </message>
    <message numerus="yes">
        <source>Presence on %1 · %n user(s)</source>
        <extracomment>%1 is a channel; %n the number of users on it</extracomment>
        <translation>
            <numerusform>Präsenz in %1 · %n Benutzer</numerusform>
            <numerusform>Präsenz in %1 · %n Benutzer</numerusform>
        </translation>
    </message>
    <message>
        <source>Connections (%1)</source>
        <translation>Verbindungen (%1)</translation>
    </message>
    <message>
        <source>No hubs yet</source>
        <translation>Noch keine Hubs</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Not published: %1</source>
        <translation>Nicht veröffentlicht: %1</translation>
    </message>
    <message>
        <source>Cannot disconnect %1: %2</source>
        <extracomment>%1 is a connection id, %2 why the request could not be sent</extracomment>
        <translation>%1 kann nicht getrennt werden: %2</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::OverviewPanel</name>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Publications in/s</source>
        <translation>Veröffentlichungen ein/s</translation>
    </message>
    <message>
        <source>Deliveries out/s</source>
        <translation>Zustellungen aus/s</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>Backplane</source>
        <translation>Backplane</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Hub version</source>
        <translation>Hub-Version</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <extracomment>Backplane state: its kind (memory, redis), then up or down</extracomment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>up</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>Lag: %1 ms</source>
        <translation>Verzögerung: %1 ms</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::PresenceModel</name>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>before %1</source>
        <extracomment>Presence: the user was already there when the monitor looked, at this time</extracomment>
        <translation>vor %1</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::PublishDialog</name>
    <message>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <source>Format JSON</source>
        <translation>JSON formatieren</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>&amp;Kanal:</translation>
    </message>
    <message>
        <source>&amp;Event type:</source>
        <translation>&amp;Ereignistyp:</translation>
    </message>
    <message>
        <source>&amp;Payload (JSON):</source>
        <translation>&amp;Nutzdaten (JSON):</translation>
    </message>
    <message>
        <source>Valid JSON.</source>
        <translation>Gültiges JSON.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::RateChart</name>
    <message>
        <source>All channels (publications/s)</source>
        <translation>Alle Kanäle (Veröffentlichungen/s)</translation>
    </message>
    <message>
        <source>msg/s</source>
        <extracomment>Axis title: messages per second</extracomment>
        <translation>Nachr./s</translation>
    </message>
    <message>
        <source>%1 (publications/s)</source>
        <extracomment>Chart legend: the selected channel&apos;s publications per second</extracomment>
        <translation>%1 (Veröffentlichungen/s)</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::RatesModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Publications/s</source>
        <translation>Veröffentlichungen/s</translation>
    </message>
    <message>
        <source>Deliveries/s</source>
        <translation>Zustellungen/s</translation>
    </message>
    <message>
        <source>Selected channel/s</source>
        <translation>Ausgewählter Kanal/s</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::TailModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Seq.</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::TailPanel</name>
    <message>
        <source>Pretty JSON</source>
        <translation>JSON formatiert</translation>
    </message>
    <message>
        <source>Filter by event, sender or payload</source>
        <translation>Nach Ereignis, Absender oder Nutzdaten filtern</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Show the selected message&apos;s payload as indented JSON</source>
        <translation>Die Nutzdaten der ausgewählten Nachricht als eingerücktes JSON zeigen</translation>
    </message>
    <message>
        <source>Select a message to see its payload.</source>
        <translation>Wählen Sie eine Nachricht aus, um ihre Nutzdaten zu sehen.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message numerus="yes">
        <source>Resume (%n new)</source>
        <extracomment>Tail paused: %n messages arrived meanwhile</extracomment>
        <translation>
            <numerusform>Fortsetzen (%n neue)</numerusform>
            <numerusform>Fortsetzen (%n neue)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeraldHub</name>
    <message>
        <source>--%1 must be a whole number of at least %2, not &apos;%3&apos;</source>
        <translation>--%1 muss eine ganze Zahl von mindestens %2 sein, nicht „%3“</translation>
    </message>
    <message>
        <source>invalid API key: %1</source>
        <translation>ungültiger API-Schlüssel: %1</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Read settings from this INI file ([hub] section).</source>
        <translation>Einstellungen aus dieser INI-Datei lesen (Abschnitt [hub]).</translation>
    </message>
    <message>
        <source>address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Address to listen on.</source>
        <translation>Adresse, an der der Hub Verbindungen annimmt.</translation>
    </message>
    <message>
        <source>port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Port to listen on.</source>
        <translation>Port, an dem der Hub Verbindungen annimmt.</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Largest frame a client may send; larger closes with 1009.</source>
        <translation>Größter Frame, den ein Client senden darf; ein größerer schließt die Verbindung mit 1009.</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Messages kept per channel for history and recovery.</source>
        <translation>Pro Kanal aufbewahrte Nachrichten für Verlauf und Wiederherstellung.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>How long a channel with no subscribers keeps its history.</source>
        <translation>Wie lange ein Kanal ohne Abonnenten seinen Verlauf behält.</translation>
    </message>
    <message>
        <source>Ping every client this often (0: never).</source>
        <translation>Jeden Client in diesem Abstand anpingen (0: nie).</translation>
    </message>
    <message>
        <source>Close a client silent for this long (0: never).</source>
        <translation>Einen Client schließen, der so lange nichts gesendet hat (0: nie).</translation>
    </message>
    <message>
        <source>level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>One of debug, info, warning, error.</source>
        <translation>Eine von debug, info, warning, error.</translation>
    </message>
    <message>
        <source>Event-loop threads serving connections.</source>
        <translation>Threads mit eigener Ereignisschleife, die Verbindungen bedienen.</translation>
    </message>
    <message>
        <source>Channels with more subscribers send no presence join/leave events (0: no limit).</source>
        <translation>Kanäle mit mehr Abonnenten senden keine Präsenz-Ereignisse für Beitritt und Austritt (0: keine Grenze).</translation>
    </message>
    <message>
        <source>url</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Share channels with other hubs through this Redis server (redis://[:password@]host:port[/db]).</source>
        <translation>Kanäle über diesen Redis-Server mit anderen Hubs teilen (redis://[:password@]host:port[/db]).</translation>
    </message>
    <message>
        <source>Exit if Redis cannot be reached at start, instead of serving and retrying.</source>
        <translation>Beenden, wenn Redis beim Start nicht erreichbar ist, statt weiter zu bedienen und es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>With --redis: how often members&apos; presence is refreshed; a stopped hub&apos;s members disappear after three of these.</source>
        <translation>Mit --redis: wie oft die Präsenz der Mitglieder aufgefrischt wird; die Mitglieder eines angehaltenen Hubs verschwinden nach drei solchen Intervallen.</translation>
    </message>
    <message>
        <source>key[:user]</source>
        <translation>schlüssel[:benutzer]</translation>
    </message>
    <message>
        <source>A key for the HTTP API (/api/*); repeatable. &apos;:user&apos; gives it an identity. Also HERALD_API_KEYS or api-keys= in [http], comma-separated.</source>
        <translation>Ein Schlüssel für die HTTP-API (/api/*); wiederholbar. „:benutzer“ gibt ihm eine Identität. Auch über HERALD_API_KEYS oder api-keys= in [http], durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>List this many busiest channels in /metrics (0: none).</source>
        <translation>So viele der aktivsten Kanäle in /metrics aufführen (0: keine).</translation>
    </message>
    <message>
        <source>Do not serve the web console at /.</source>
        <translation>Die Webkonsole unter / nicht ausliefern.</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Seed 004&apos;s clients: a connection with only ?user_id= gets the raw publications of this channel, {user_id} replaced (e.g. user.{user_id}).</source>
        <translation>Für die Clients von Seed 004: Eine Verbindung nur mit ?user_id= erhält die rohen Veröffentlichungen dieses Kanals, {user_id} ersetzt (z. B. user.{user_id}).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a whole number of at least %2</source>
        <translation>„%1“ ist keine ganze Zahl von mindestens %2</translation>
    </message>
    <message>
        <source>Close connections without a valid token (4001).</source>
        <translation>Verbindungen ohne gültiges Token schließen (4001).</translation>
    </message>
    <message>
        <source>HS256 shared secret (at least 32 bytes).</source>
        <translation>Gemeinsames HS256-Geheimnis (mindestens 32 Bytes).</translation>
    </message>
    <message>
        <source>RS256 or ES256 public key (PEM).</source>
        <translation>Öffentlicher RS256- oder ES256-Schlüssel (PEM).</translation>
    </message>
    <message>
        <source>Clock skew allowed on exp and nbf.</source>
        <translation>Erlaubte Uhrenabweichung bei exp und nbf.</translation>
    </message>
    <message>
        <source>bool</source>
        <translation>bool</translation>
    </message>
    <message>
        <source>Refuse tokens without exp.</source>
        <translation>Tokens ohne exp ablehnen.</translation>
    </message>
    <message>
        <source>iss</source>
        <translation>iss</translation>
    </message>
    <message>
        <source>The iss a token must carry.</source>
        <translation>Der iss, den ein Token tragen muss.</translation>
    </message>
    <message>
        <source>aud</source>
        <translation>aud</translation>
    </message>
    <message>
        <source>The aud a token must carry.</source>
        <translation>Der aud, den ein Token tragen muss.</translation>
    </message>
    <message>
        <source>origins</source>
        <translation>Ursprünge</translation>
    </message>
    <message>
        <source>Comma-separated origins browsers may connect from (default: any).</source>
        <translation>Durch Kommas getrennte Ursprünge (Origins), von denen aus sich Browser verbinden dürfen (Standard: alle).</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>auto, allow or deny: channels no rule decides.</source>
        <translation>auto, allow oder deny: für Kanäle, über die keine Regel entscheidet.</translation>
    </message>
    <message>
        <source>Connections in all (0: no limit).</source>
        <translation>Verbindungen insgesamt (0: keine Grenze).</translation>
    </message>
    <message>
        <source>Connections per user.</source>
        <translation>Verbindungen pro Benutzer.</translation>
    </message>
    <message>
        <source>Connections per tenant.</source>
        <translation>Verbindungen pro Mandant.</translation>
    </message>
    <message>
        <source>Subscriptions per connection.</source>
        <translation>Abonnements pro Verbindung.</translation>
    </message>
    <message>
        <source>Longest channel name.</source>
        <translation>Längster Kanalname.</translation>
    </message>
    <message>
        <source>ranges</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Characters allowed in channel names.</source>
        <translation>In Kanalnamen erlaubte Zeichen.</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>Frames per connection: 1000, 1000/s, 100/min (0: no limit).</source>
        <translation>Frames pro Verbindung: 1000, 1000/s, 100/min (0: keine Grenze).</translation>
    </message>
    <message>
        <source>Frames a connection may send at once.</source>
        <translation>Frames, die eine Verbindung auf einmal senden darf.</translation>
    </message>
    <message>
        <source>Refused frames within the abuse window before closing with 4002 (0: never).</source>
        <translation>Abgelehnte Frames innerhalb des Missbrauchsfensters, bevor die Verbindung mit 4002 geschlossen wird (0: nie).</translation>
    </message>
    <message>
        <source>The window for --abuse-threshold.</source>
        <translation>Das Zeitfenster für --abuse-threshold.</translation>
    </message>
    <message>
        <source>Bytes queued for a client that does not read before it is closed with 4005.</source>
        <translation>Für einen Client, der nicht liest, gepufferte Bytes, bevor er mit 4005 geschlossen wird.</translation>
    </message>
    <message>
        <source>PEM certificate: serve wss:// (with --tls-key).</source>
        <translation>PEM-Zertifikat: wss:// anbieten (mit --tls-key).</translation>
    </message>
    <message>
        <source>PEM private key for --tls-cert.</source>
        <translation>Privater PEM-Schlüssel für --tls-cert.</translation>
    </message>
    <message>
        <source>Herald hub: real-time publish/subscribe over WebSocket.
Every option can also be set as HERALD_&lt;NAME&gt; in the environment (e.g. HERALD_PORT) or as &lt;name&gt;= in the [hub] section of the config file; flags win over the environment, which wins over the file.</source>
        <translation>Herald-Hub: Echtzeit-Publish/Subscribe über WebSocket.
Jede Option lässt sich auch als HERALD_&lt;NAME&gt; in der Umgebung (z. B. HERALD_PORT) oder als &lt;name&gt;= im Abschnitt [hub] der Konfigurationsdatei setzen; Optionen auf der Befehlszeile haben Vorrang vor der Umgebung, diese vor der Datei.</translation>
    </message>
    <message>
        <source>Default: %1.</source>
        <translation>Standard: %1.</translation>
    </message>
    <message>
        <source>cannot read config file &apos;%1&apos;</source>
        <translation>Konfigurationsdatei „%1“ kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>config file &apos;%1&apos; is not a valid INI file</source>
        <translation>Konfigurationsdatei „%1“ ist keine gültige INI-Datei</translation>
    </message>
    <message>
        <source>--log-level must be one of debug, info, warning, error</source>
        <translation>--log-level muss debug, info, warning oder error sein</translation>
    </message>
    <message>
        <source>--port must be at most 65535</source>
        <translation>--port darf höchstens 65535 sein</translation>
    </message>
    <message>
        <source>--host must be an IP address, not &apos;%1&apos;</source>
        <translation>--host muss eine IP-Adresse sein, nicht „%1“</translation>
    </message>
    <message>
        <source>config file &apos;%1&apos;: %2</source>
        <translation>Konfigurationsdatei „%1“: %2</translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation>--%1: %2</translation>
    </message>
    <message>
        <source>PostgreSQL bridge: %1</source>
        <translation>PostgreSQL-Brücke: %1</translation>
    </message>
    <message>
        <source>cannot set up signal handling</source>
        <translation>Signalbehandlung kann nicht eingerichtet werden</translation>
    </message>
    <message>
        <source>Redis is required and unavailable: %1</source>
        <translation>Redis wird benötigt und ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Let all threads share one descriptor table. By default (Linux) each thread has its own, so the hub holds up to threads times the open-files limit in connections.</source>
        <translation>Alle Threads teilen sich eine Deskriptortabelle. Standardmäßig (Linux) hat jeder Thread seine eigene, sodass der Hub bis zu Threads mal so viele Verbindungen hält, wie die Grenze für offene Dateien erlaubt.</translation>
    </message>
</context>
<context>
    <name>HeraldMonitor</name>
    <message>
        <source>Herald Monitor</source>
        <translation>Herald Monitor</translation>
    </message>
    <message>
        <source>The live console for a Herald hub.</source>
        <translation>Die Live-Konsole für einen Herald-Hub.</translation>
    </message>
    <message>
        <source>Monitor the hub at &lt;url&gt;, e.g. ws://127.0.0.1:8080/ws.</source>
        <translation>Den Hub unter &lt;URL&gt; überwachen, z. B. ws://127.0.0.1:8080/ws.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Admin token for a hub on another machine.</source>
        <translation>Admin-Token für einen Hub auf einem anderen Rechner.</translation>
    </message>
    <message>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Run a hub inside the monitor and monitor it.</source>
        <translation>Einen Hub im Monitor starten und ihn überwachen.</translation>
    </message>
    <message>
        <source>Port of the embedded hub on 127.0.0.1 (default 8080, or a free one).</source>
        <translation>Port des eingebetteten Hubs auf 127.0.0.1 (Standard 8080, sonst ein freier).</translation>
    </message>
    <message>
        <source>port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Watch &lt;channel&gt; from the start.</source>
        <translation>&lt;Kanal&gt; von Anfang an beobachten.</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>--embedded and --url exclude each other.</source>
        <translation>--embedded und --url schließen einander aus.</translation>
    </message>
    <message>
        <source>--port is for the embedded hub; give --embedded too.</source>
        <translation>--port gilt für den eingebetteten Hub; bitte auch --embedded angeben.</translation>
    </message>
    <message>
        <source>Invalid port: %1</source>
        <translation>Ungültiger Port: %1</translation>
    </message>
    <message>
        <source>Cannot start the embedded hub: %1</source>
        <translation>Der eingebettete Hub kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Not a WebSocket URL: %1</source>
        <translation>Keine WebSocket-URL: %1</translation>
    </message>
</context>
<context>
    <name>JsonText</name>
    <message>
        <source>Enter a JSON value, e.g. {&quot;text&quot;: &quot;hello&quot;} or null.</source>
        <translation>Geben Sie einen JSON-Wert ein, z. B. {&quot;text&quot;: &quot;hello&quot;} oder null.</translation>
    </message>
    <message>
        <source>more than one value</source>
        <translation>mehr als ein Wert</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
</context>
<context>
    <name>PublishCheck</name>
    <message>
        <source>Enter a channel.</source>
        <translation>Geben Sie einen Kanal ein.</translation>
    </message>
    <message>
        <source>A channel name has at most %1 characters.</source>
        <translation>Ein Kanalname hat höchstens %1 Zeichen.</translation>
    </message>
    <message>
        <source>Channels starting with $ belong to the hub.</source>
        <translation>Kanäle, die mit $ beginnen, gehören dem Hub.</translation>
    </message>
    <message>
        <source>A channel name cannot contain control characters.</source>
        <translation>Ein Kanalname darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>Enter an event type, e.g. message.</source>
        <translation>Geben Sie einen Ereignistyp ein, z. B. message.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is reserved for the hub&apos;s own frames.</source>
        <translation>„%1“ ist für die eigenen Frames des Hubs reserviert.</translation>
    </message>
</context>
</TS>
