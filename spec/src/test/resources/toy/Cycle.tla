---- MODULE Cycle ----
(* x goes round 0 -> 1 -> 2 -> 0 under weak fairness; tag is "start" only initially.
   4 distinct states: (0,"start"), (1,"step"), (2,"step"), (0,"step"). *)
EXTENDS Naturals
VARIABLES x, tag
vars == <<x, tag>>
Init == x = 0 /\ tag = "start"
Step == x' = (x + 1) % 3 /\ tag' = "step"
Spec == Init /\ [][Step]_vars /\ WF_vars(Step)
SpecNoFairness == Init /\ [][Step]_vars
\* Violated by the cycle: x keeps leaving 1 (a lasso).
EventuallyAlwaysOne == <>[](x = 1)
\* Violated without fairness: the behavior may stutter at x = 0 forever.
EventuallyTwo == <>(x = 2)
====
