---- MODULE Counter ----
(* A counter x that goes up to Max and a bit y that flips; lastAction records the last step.
   Reachable states, by hand:
     lastAction.name = "Init": x = 0, y in {0, 1}             2 states
     lastAction.name = "IncX": x in 1..Max, y in {0, 1}        2 * Max states
     lastAction.name = "Flip": x in 0..Max, y in {0, 1}        2 * (Max + 1) states
   For Max = 3: 2 + 6 + 8 = 16 distinct states.
   Transitions: Flip from every state (16), IncX from every state with x < Max
   (2 + 2 * (Max - 1) + 2 * Max = 2 + 4 + 6 = 12): 28 edges, all distinct (they differ in lastAction).
   States generated = 2 initial + 28 successors = 30.
   BFS depth with one worker: the deepest states are "Flip" states with x = Max, reached by
   Init, Max IncX, Flip: 1 + Max + 1 = 5 levels. (With several workers TLC's BFS is not strictly
   level by level and may report 6.) *)
EXTENDS Naturals
CONSTANT Max
VARIABLES x, y, lastAction
vars == <<x, y, lastAction>>

Init == /\ x = 0
        /\ y \in {0, 1}
        /\ lastAction = [name |-> "Init", note |-> "say \"hi\"\\n"]

IncX == /\ x < Max
        /\ x' = x + 1
        /\ lastAction' = [name |-> "IncX", note |-> "x"]
        /\ UNCHANGED y

Flip == /\ y' = 1 - y
        /\ lastAction' = [name |-> "Flip", note |-> "y"]
        /\ UNCHANGED x

Next == IncX \/ Flip
Spec == Init /\ [][Next]_vars

TypeOK == x \in 0..Max /\ y \in {0, 1}
Small == x < 2
XPositive == x > 0
NeverFlipped == lastAction.name # "Flip"
XNeverDecreases == [][x' >= x]_vars
XNeverIncreases == [][x' <= x]_vars
====
