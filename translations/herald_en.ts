<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Herald::Monitor::MainWindow</name>
    <message numerus="yes">
        <source>Presence on %1 · %n user(s)</source>
        <extracomment>%1 is a channel; %n the number of users on it</extracomment>
        <translation>
            <numerusform>Presence on %1 · %n user</numerusform>
            <numerusform>Presence on %1 · %n users</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::TailPanel</name>
    <message numerus="yes">
        <source>Resume (%n new)</source>
        <extracomment>Tail paused: %n messages arrived meanwhile</extracomment>
        <translation>
            <numerusform>Resume (%n new)</numerusform>
            <numerusform>Resume (%n new)</numerusform>
        </translation>
    </message>
</context>
</TS>
