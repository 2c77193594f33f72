---- MODULE Slow ----
(* Long enough to be killed by a short timeout. *)
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\ y = 0
Next == \/ x < 100000 /\ x' = x + 1 /\ UNCHANGED y
        \/ y < 100000 /\ y' = y + 1 /\ UNCHANGED x
====
