---- MODULE Dead ----
(* x counts up to N and stops: the state x = N has no successor (a deadlock). *)
EXTENDS Naturals
CONSTANT N
ASSUME N > 0
VARIABLES x
Init == x = 0
Next == x < N /\ x' = x + 1
Spec == Init /\ [][Next]_x
====
