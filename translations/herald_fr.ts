<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
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
        <translation>%1 j %2</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ChannelsModel</name>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>Abonnés</translation>
    </message>
    <message>
        <source>Messages/s</source>
        <translation>Messages/s</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Last seq</source>
        <translation>Dernière séq.</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>Époque %1</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Dernière activité</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectDialog</name>
    <message>
        <source>Connect to a hub</source>
        <translation>Se connecter à un hub</translation>
    </message>
    <message>
        <source>Not needed on the hub&apos;s own machine</source>
        <translation>Inutile sur la machine du hub</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Hub &amp;URL:</source>
        <translation>&amp;URL du hub&#xa0;:</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <translation>&amp;Jeton d’administration&#xa0;:</translation>
    </message>
    <message>
        <source>Enter a WebSocket URL, e.g. ws://127.0.0.1:8080/ws.</source>
        <translation>Saisissez une URL WebSocket, p. ex. ws://127.0.0.1:8080/ws.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectionIndicator</name>
    <message>
        <source>Connected to %1 · %2 ms</source>
        <extracomment>%1 is the hub&apos;s URL, %2 the round trip in milliseconds</extracomment>
        <translation>Connecté à %1 · %2 ms</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connecté à %1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message>
        <source>Reconnecting to %1 (attempt %2)…</source>
        <extracomment>%1 is the hub&apos;s URL, %2 the number of the attempt</extracomment>
        <translation>Reconnexion à %1 (tentative %2)…</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Déconnecté</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectionsModel</name>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A user: their name, then their id</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Locataire</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>Adresse distante</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>Dialecte</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Entrants</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Sortants</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::HubMonitor</name>
    <message>
        <source>Cannot watch %1: %2</source>
        <extracomment>%1 is a channel, %2 the hub&apos;s reason</extracomment>
        <translation>Impossible d’observer %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>The connection to the hub was lost before it closed the connection.</source>
        <extracomment>%1 is the hub&apos;s reason</extracomment>
        <translation>La connexion au hub a été perdue avant qu’il ne ferme la connexion.</translation>
    </message>
    <message>
        <source>The hub did not close the connection: %1</source>
        <translation>Le hub n’a pas fermé la connexion&#xa0;: %1</translation>
    </message>
    <message>
        <source>The connection to the hub was lost before it confirmed the publication.</source>
        <translation>La connexion au hub a été perdue avant qu’il ne confirme la publication.</translation>
    </message>
    <message>
        <source>The hub refused the publication: %1</source>
        <translation>Le hub a refusé la publication&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::LanguageManager</name>
    <message>
        <source>Use this language (de, en, es, fr, …) instead of the system&apos;s, for this run.</source>
        <translation>Utiliser cette langue (de, en, es, fr, …) au lieu de celle du système, pour cette exécution.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>The monitor will follow the system&apos;s language from its next start.</source>
        <translation>Le moniteur suivra la langue du système à partir de son prochain démarrage.</translation>
    </message>
    <message>
        <source>The monitor will use %1 from its next start.</source>
        <translation>Le moniteur utilisera %1 à partir de son prochain démarrage.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::MainWindow</name>
    <message>
        <source>Tail</source>
        <translation>Flux en direct</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <source>This connection may not use the hub&apos;s admin extensions (%1). Run the monitor on the hub&apos;s machine, or connect with a token that has the admin role.</source>
        <extracomment>%1 is the hub&apos;s reason</extracomment>
        <translation>Cette connexion ne peut pas utiliser les extensions d’administration du hub (%1). Lancez le moniteur sur la machine du hub, ou connectez-vous avec un jeton qui a le rôle admin.</translation>
    </message>
    <message>
        <source>Published on %1 as seq %2.</source>
        <extracomment>%1 is a channel, %2 the publication&apos;s sequence number</extracomment>
        <translation>Publié sur %1 avec la séq. %2.</translation>
    </message>
    <message>
        <source>Connection %1 closed.</source>
        <translation>Connexion %1 fermée.</translation>
    </message>
    <message>
        <source>&amp;Connect to Hub…</source>
        <translation>Se &amp;connecter à un hub…</translation>
    </message>
    <message>
        <source>&amp;Publish…</source>
        <translation>&amp;Publier…</translation>
    </message>
    <message>
        <source>&amp;Disconnect Connection</source>
        <translation>&amp;Déconnecter la connexion</translation>
    </message>
    <message>
        <source>Close the connection selected in the connections table</source>
        <translation>Fermer la connexion sélectionnée dans la table des connexions</translation>
    </message>
    <message>
        <source>&amp;Refresh Connections</source>
        <translation>&amp;Actualiser les connexions</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Hub</source>
        <translation>&amp;Hub</translation>
    </message>
    <message>
        <source>&amp;Recent Hubs</source>
        <translation>Hubs &amp;récents</translation>
    </message>
    <message>
        <source>&amp;Channel</source>
        <translation>&amp;Canal</translation>
    </message>
    <message>
        <source>C&amp;onnections</source>
        <translation>C&amp;onnexions</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About Herald Monitor</source>
        <translation>À &amp;propos de Herald Monitor</translation>
    </message>
    <message>
        <source>About Herald Monitor</source>
        <translation>À propos de Herald Monitor</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Herald Monitor&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;The live console for Herald hubs: channels, presence, rates, the tail of a channel and the connections, through the hub&apos;s admin extensions.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Herald Monitor&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;La console en direct des hubs Herald&#xa0;: canaux, présence, débits, flux en direct d’un canal et connexions, via les extensions d’administration du hub.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principale</translation>
    </message>
    <message>
        <source>Filter channels</source>
        <translation>Filtrer les canaux</translation>
    </message>
    <message>
        <source>Hub channels ($…)</source>
        <translation>Canaux du hub ($…)</translation>
    </message>
    <message>
        <source>Also list the hub&apos;s own channels, such as $sys.stats</source>
        <translation>Lister aussi les canaux propres au hub, comme $sys.stats</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canaux</translation>
    </message>
    <message>
        <source>Filter by id, user, tenant or address</source>
        <translation>Filtrer par identifiant, utilisateur, locataire ou adresse</translation>
    </message>
    <message>
        <source>Herald Monitor</source>
        <translation>Herald Monitor</translation>
    </message>
    <message>
        <source>Herald Monitor — embedded hub on %1</source>
        <extracomment>%1 is the URL of the hub running inside the monitor</extracomment>
        <translation>Herald Monitor — hub intégré sur %1</translation>
    </message>
    <message>
        <source>Herald Monitor — %1</source>
        <translation>Herald Monitor — %1</translation>
    </message>
    <message>
        <source>Tail · %1</source>
        <translation>Flux en direct · %1</translation>
    </message>
    <message>
        <source>Presence: select a channel</source>
        <translation>Présence&#xa0;: choisissez un canal</translation>
    </message>
    <message numerus="yes">
        <source>Presence on %1 · %n user(s)</source>
        <extracomment>%1 is a channel; %n the number of users on it</extracomment>
        <translation>
            <numerusform>Présence sur %1 · %n utilisateur</numerusform>
            <numerusform>Présence sur %1 · %n utilisateurs</numerusform>
        </translation>
    </message>
    <message>
        <source>Connections (%1)</source>
        <translation>Connexions (%1)</translation>
    </message>
    <message>
        <source>No hubs yet</source>
        <translation>Aucun hub pour l’instant</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Vider la liste</translation>
    </message>
    <message>
        <source>Not published: %1</source>
        <translation>Non publié&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cannot disconnect %1: %2</source>
        <extracomment>%1 is a connection id, %2 why the request could not be sent</extracomment>
        <translation>Impossible de déconnecter %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::OverviewPanel</name>
    <message>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canaux</translation>
    </message>
    <message>
        <source>Publications in/s</source>
        <translation>Publications reçues/s</translation>
    </message>
    <message>
        <source>Deliveries out/s</source>
        <translation>Livraisons envoyées/s</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Octets reçus</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Octets envoyés</translation>
    </message>
    <message>
        <source>Backplane</source>
        <translation>Backplane</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Temps de fonctionnement</translation>
    </message>
    <message>
        <source>Hub version</source>
        <translation>Version du hub</translation>
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
        <translation>actif</translation>
    </message>
    <message>
        <source>down</source>
        <translation>en panne</translation>
    </message>
    <message>
        <source>Lag: %1 ms</source>
        <translation>Retard&#xa0;: %1 ms</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::PresenceModel</name>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>before %1</source>
        <extracomment>Presence: the user was already there when the monitor looked, at this time</extracomment>
        <translation>avant %1</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::PublishDialog</name>
    <message>
        <source>Publish</source>
        <translation>Publier</translation>
    </message>
    <message>
        <source>Format JSON</source>
        <translation>Formater le JSON</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>&amp;Canal&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Event type:</source>
        <translation>Type d’&amp;événement&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Payload (JSON):</source>
        <translation>Charge &amp;utile (JSON)&#xa0;:</translation>
    </message>
    <message>
        <source>Valid JSON.</source>
        <translation>JSON valide.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::RateChart</name>
    <message>
        <source>All channels (publications/s)</source>
        <translation>Tous les canaux (publications/s)</translation>
    </message>
    <message>
        <source>msg/s</source>
        <extracomment>Axis title: messages per second</extracomment>
        <translation>msg/s</translation>
    </message>
    <message>
        <source>%1 (publications/s)</source>
        <extracomment>Chart legend: the selected channel&apos;s publications per second</extracomment>
        <translation>%1 (publications/s)</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::RatesModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Publications/s</source>
        <translation>Publications/s</translation>
    </message>
    <message>
        <source>Deliveries/s</source>
        <translation>Livraisons/s</translation>
    </message>
    <message>
        <source>Selected channel/s</source>
        <translation>Canal sélectionné/s</translation>
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
        <translation>Heure</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Séq.</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Expéditeur</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Charge utile</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::TailPanel</name>
    <message>
        <source>Pretty JSON</source>
        <translation>JSON indenté</translation>
    </message>
    <message>
        <source>Filter by event, sender or payload</source>
        <translation>Filtrer par événement, expéditeur ou charge utile</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Show the selected message&apos;s payload as indented JSON</source>
        <translation>Afficher la charge utile du message sélectionné en JSON indenté</translation>
    </message>
    <message>
        <source>Select a message to see its payload.</source>
        <translation>Sélectionnez un message pour voir sa charge utile.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message numerus="yes">
        <source>Resume (%n new)</source>
        <extracomment>Tail paused: %n messages arrived meanwhile</extracomment>
        <translation>
            <numerusform>Reprendre (%n nouveau)</numerusform>
            <numerusform>Reprendre (%n nouveaux)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeraldHub</name>
    <message>
        <source>--%1 must be a whole number of at least %2, not &apos;%3&apos;</source>
        <translation>--%1 doit être un nombre entier d’au moins %2, et non «&#xa0;%3&#xa0;»</translation>
    </message>
    <message>
        <source>invalid API key: %1</source>
        <translation>clé d’API non valide&#xa0;: %1</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>Read settings from this INI file ([hub] section).</source>
        <translation>Lire les réglages dans ce fichier INI (section [hub]).</translation>
    </message>
    <message>
        <source>address</source>
        <translation>adresse</translation>
    </message>
    <message>
        <source>Address to listen on.</source>
        <translation>Adresse d’écoute.</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>Port to listen on.</source>
        <translation>Port d’écoute.</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>octets</translation>
    </message>
    <message>
        <source>Largest frame a client may send; larger closes with 1009.</source>
        <translation>Plus grande trame qu’un client peut envoyer&#xa0;; au-delà, la connexion est fermée avec 1009.</translation>
    </message>
    <message>
        <source>count</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>Messages kept per channel for history and recovery.</source>
        <translation>Messages conservés par canal pour l’historique et la reprise.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <source>How long a channel with no subscribers keeps its history.</source>
        <translation>Durée pendant laquelle un canal sans abonnés garde son historique.</translation>
    </message>
    <message>
        <source>Ping every client this often (0: never).</source>
        <translation>Envoyer un ping à chaque client à cet intervalle (0&#xa0;: jamais).</translation>
    </message>
    <message>
        <source>Close a client silent for this long (0: never).</source>
        <translation>Fermer un client resté silencieux aussi longtemps (0&#xa0;: jamais).</translation>
    </message>
    <message>
        <source>level</source>
        <translation>niveau</translation>
    </message>
    <message>
        <source>One of debug, info, warning, error.</source>
        <translation>L’un de debug, info, warning, error.</translation>
    </message>
    <message>
        <source>Event-loop threads serving connections.</source>
        <translation>Threads à boucle d’événements qui servent les connexions.</translation>
    </message>
    <message>
        <source>Channels with more subscribers send no presence join/leave events (0: no limit).</source>
        <translation>Les canaux ayant plus d’abonnés n’envoient pas d’événements de présence pour les arrivées et les départs (0&#xa0;: pas de limite).</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Share channels with other hubs through this Redis server (redis://[:password@]host:port[/db]).</source>
        <translation>Partager les canaux avec d’autres hubs via ce serveur Redis (redis://[:password@]host:port[/db]).</translation>
    </message>
    <message>
        <source>Exit if Redis cannot be reached at start, instead of serving and retrying.</source>
        <translation>Quitter si Redis est injoignable au démarrage, au lieu de servir et de réessayer.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>With --redis: how often members&apos; presence is refreshed; a stopped hub&apos;s members disappear after three of these.</source>
        <translation>Avec --redis&#xa0;: fréquence de rafraîchissement de la présence des membres&#xa0;; les membres d’un hub arrêté disparaissent après trois de ces intervalles.</translation>
    </message>
    <message>
        <source>key[:user]</source>
        <translation>clé[:utilisateur]</translation>
    </message>
    <message>
        <source>A key for the HTTP API (/api/*); repeatable. &apos;:user&apos; gives it an identity. Also HERALD_API_KEYS or api-keys= in [http], comma-separated.</source>
        <translation>Une clé pour l’API HTTP (/api/*)&#xa0;; répétable. «&#xa0;:utilisateur&#xa0;» lui donne une identité. Aussi HERALD_API_KEYS ou api-keys= dans [http], séparées par des virgules.</translation>
    </message>
    <message>
        <source>List this many busiest channels in /metrics (0: none).</source>
        <translation>Lister ce nombre de canaux parmi les plus actifs dans /metrics (0&#xa0;: aucun).</translation>
    </message>
    <message>
        <source>Do not serve the web console at /.</source>
        <translation>Ne pas servir la console web sur /.</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>canal</translation>
    </message>
    <message>
        <source>Seed 004&apos;s clients: a connection with only ?user_id= gets the raw publications of this channel, {user_id} replaced (e.g. user.{user_id}).</source>
        <translation>Pour les clients de la seed 004&#xa0;: une connexion avec seulement ?user_id= reçoit les publications brutes de ce canal, {user_id} remplacé (p. ex. user.{user_id}).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a whole number of at least %2</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas un nombre entier d’au moins %2</translation>
    </message>
    <message>
        <source>Close connections without a valid token (4001).</source>
        <translation>Fermer les connexions sans jeton valide (4001).</translation>
    </message>
    <message>
        <source>HS256 shared secret (at least 32 bytes).</source>
        <translation>Secret partagé HS256 (au moins 32 octets).</translation>
    </message>
    <message>
        <source>RS256 or ES256 public key (PEM).</source>
        <translation>Clé publique RS256 ou ES256 (PEM).</translation>
    </message>
    <message>
        <source>Clock skew allowed on exp and nbf.</source>
        <translation>Décalage d’horloge toléré sur exp et nbf.</translation>
    </message>
    <message>
        <source>bool</source>
        <translation>booléen</translation>
    </message>
    <message>
        <source>Refuse tokens without exp.</source>
        <translation>Refuser les jetons sans exp.</translation>
    </message>
    <message>
        <source>iss</source>
        <translation>iss</translation>
    </message>
    <message>
        <source>The iss a token must carry.</source>
        <translation>L’iss que doit porter un jeton.</translation>
    </message>
    <message>
        <source>aud</source>
        <translation>aud</translation>
    </message>
    <message>
        <source>The aud a token must carry.</source>
        <translation>L’aud que doit porter un jeton.</translation>
    </message>
    <message>
        <source>origins</source>
        <translation>origines</translation>
    </message>
    <message>
        <source>Comma-separated origins browsers may connect from (default: any).</source>
        <translation>Origines, séparées par des virgules, depuis lesquelles les navigateurs peuvent se connecter (par défaut&#xa0;: toutes).</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>mode</translation>
    </message>
    <message>
        <source>auto, allow or deny: channels no rule decides.</source>
        <translation>auto, allow ou deny&#xa0;: pour les canaux qu’aucune règle ne tranche.</translation>
    </message>
    <message>
        <source>Connections in all (0: no limit).</source>
        <translation>Connexions au total (0&#xa0;: pas de limite).</translation>
    </message>
    <message>
        <source>Connections per user.</source>
        <translation>Connexions par utilisateur.</translation>
    </message>
    <message>
        <source>Connections per tenant.</source>
        <translation>Connexions par locataire.</translation>
    </message>
    <message>
        <source>Subscriptions per connection.</source>
        <translation>Abonnements par connexion.</translation>
    </message>
    <message>
        <source>Longest channel name.</source>
        <translation>Nom de canal le plus long.</translation>
    </message>
    <message>
        <source>ranges</source>
        <translation>plages</translation>
    </message>
    <message>
        <source>Characters allowed in channel names.</source>
        <translation>Caractères autorisés dans les noms de canaux.</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>débit</translation>
    </message>
    <message>
        <source>Frames per connection: 1000, 1000/s, 100/min (0: no limit).</source>
        <translation>Trames par connexion&#xa0;: 1000, 1000/s, 100/min (0&#xa0;: pas de limite).</translation>
    </message>
    <message>
        <source>Frames a connection may send at once.</source>
        <translation>Trames qu’une connexion peut envoyer d’un coup.</translation>
    </message>
    <message>
        <source>Refused frames within the abuse window before closing with 4002 (0: never).</source>
        <translation>Trames refusées dans la fenêtre d’abus avant la fermeture avec 4002 (0&#xa0;: jamais).</translation>
    </message>
    <message>
        <source>The window for --abuse-threshold.</source>
        <translation>La fenêtre de --abuse-threshold.</translation>
    </message>
    <message>
        <source>Bytes queued for a client that does not read before it is closed with 4005.</source>
        <translation>Octets en attente pour un client qui ne lit pas, avant sa fermeture avec 4005.</translation>
    </message>
    <message>
        <source>PEM certificate: serve wss:// (with --tls-key).</source>
        <translation>Certificat PEM&#xa0;: servir wss:// (avec --tls-key).</translation>
    </message>
    <message>
        <source>PEM private key for --tls-cert.</source>
        <translation>Clé privée PEM pour --tls-cert.</translation>
    </message>
    <message>
        <source>Herald hub: real-time publish/subscribe over WebSocket.
Every option can also be set as HERALD_&lt;NAME&gt; in the environment (e.g. HERALD_PORT) or as &lt;name&gt;= in the [hub] section of the config file; flags win over the environment, which wins over the file.</source>
        <translation>Hub Herald&#xa0;: publication/abonnement en temps réel sur WebSocket.
Chaque option peut aussi se régler par HERALD_&lt;NAME&gt; dans l’environnement (p. ex. HERALD_PORT) ou par &lt;name&gt;= dans la section [hub] du fichier de configuration&#xa0;; la ligne de commande l’emporte sur l’environnement, qui l’emporte sur le fichier.</translation>
    </message>
    <message>
        <source>Default: %1.</source>
        <translation>Par défaut&#xa0;: %1.</translation>
    </message>
    <message>
        <source>cannot read config file &apos;%1&apos;</source>
        <translation>impossible de lire le fichier de configuration «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>config file &apos;%1&apos; is not a valid INI file</source>
        <translation>le fichier de configuration «&#xa0;%1&#xa0;» n’est pas un fichier INI valide</translation>
    </message>
    <message>
        <source>--log-level must be one of debug, info, warning, error</source>
        <translation>--log-level doit valoir debug, info, warning ou error</translation>
    </message>
    <message>
        <source>--port must be at most 65535</source>
        <translation>--port doit valoir au plus 65535</translation>
    </message>
    <message>
        <source>--host must be an IP address, not &apos;%1&apos;</source>
        <translation>--host doit être une adresse IP, et non «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>config file &apos;%1&apos;: %2</source>
        <translation>fichier de configuration «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation>--%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>PostgreSQL bridge: %1</source>
        <translation>Passerelle PostgreSQL&#xa0;: %1</translation>
    </message>
    <message>
        <source>cannot set up signal handling</source>
        <translation>impossible de mettre en place la gestion des signaux</translation>
    </message>
    <message>
        <source>Redis is required and unavailable: %1</source>
        <translation>Redis est requis et indisponible&#xa0;: %1</translation>
    </message>
    <message>
        <source>Let all threads share one descriptor table. By default (Linux) each thread has its own, so the hub holds up to threads times the open-files limit in connections.</source>
        <translation>Tous les threads partagent une seule table de descripteurs. Par défaut (Linux), chaque thread a la sienne : le hub tient alors jusqu’à threads fois la limite de fichiers ouverts en connexions.</translation>
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
        <translation>La console en direct d’un hub Herald.</translation>
    </message>
    <message>
        <source>Monitor the hub at &lt;url&gt;, e.g. ws://127.0.0.1:8080/ws.</source>
        <translation>Surveiller le hub à l’adresse &lt;url&gt;, p. ex. ws://127.0.0.1:8080/ws.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Admin token for a hub on another machine.</source>
        <translation>Jeton d’administration pour un hub sur une autre machine.</translation>
    </message>
    <message>
        <source>token</source>
        <translation>jeton</translation>
    </message>
    <message>
        <source>Run a hub inside the monitor and monitor it.</source>
        <translation>Lancer un hub dans le moniteur et le surveiller.</translation>
    </message>
    <message>
        <source>Port of the embedded hub on 127.0.0.1 (default 8080, or a free one).</source>
        <translation>Port du hub intégré sur 127.0.0.1 (8080 par défaut, ou un port libre).</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>Watch &lt;channel&gt; from the start.</source>
        <translation>Observer &lt;canal&gt; dès le départ.</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>canal</translation>
    </message>
    <message>
        <source>--embedded and --url exclude each other.</source>
        <translation>--embedded et --url s’excluent mutuellement.</translation>
    </message>
    <message>
        <source>--port is for the embedded hub; give --embedded too.</source>
        <translation>--port concerne le hub intégré&#xa0;; ajoutez aussi --embedded.</translation>
    </message>
    <message>
        <source>Invalid port: %1</source>
        <translation>Port non valide&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cannot start the embedded hub: %1</source>
        <translation>Impossible de démarrer le hub intégré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Not a WebSocket URL: %1</source>
        <translation>Pas une URL WebSocket&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>JsonText</name>
    <message>
        <source>Enter a JSON value, e.g. {&quot;text&quot;: &quot;hello&quot;} or null.</source>
        <translation>Saisissez une valeur JSON, p. ex. {&quot;text&quot;: &quot;hello&quot;} ou null.</translation>
    </message>
    <message>
        <source>more than one value</source>
        <translation>plus d’une valeur</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Ligne %1, colonne %2&#xa0;: %3</translation>
    </message>
</context>
<context>
    <name>PublishCheck</name>
    <message>
        <source>Enter a channel.</source>
        <translation>Saisissez un canal.</translation>
    </message>
    <message>
        <source>A channel name has at most %1 characters.</source>
        <translation>Un nom de canal compte au plus %1 caractères.</translation>
    </message>
    <message>
        <source>Channels starting with $ belong to the hub.</source>
        <translation>Les canaux commençant par $ appartiennent au hub.</translation>
    </message>
    <message>
        <source>A channel name cannot contain control characters.</source>
        <translation>Un nom de canal ne peut pas contenir de caractères de contrôle.</translation>
    </message>
    <message>
        <source>Enter an event type, e.g. message.</source>
        <translation>Saisissez un type d’événement, p. ex. message.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is reserved for the hub&apos;s own frames.</source>
        <translation>«&#xa0;%1&#xa0;» est réservé aux trames propres au hub.</translation>
    </message>
</context>
</TS>
