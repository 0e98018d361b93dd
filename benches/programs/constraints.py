# A small constraint propagator: variables linked by constraint objects of
# several classes sharing behaviour through inheritance and super() (a
# workload in the spirit of deltablue).
class Variable:
    def __init__(self, name, value):
        self.name = name
        self.value = value
        self.constraints = []


class Constraint:
    def __init__(self, strength):
        self.strength = strength
        self.satisfied = False

    def variables(self):
        return []

    def add_to_graph(self):
        for v in self.variables():
            v.constraints.append(self)

    def propagate(self):
        self.satisfied = True
        return self.output()


class UnaryConstraint(Constraint):
    def __init__(self, variable, strength):
        super().__init__(strength)
        self.variable = variable

    def variables(self):
        return [self.variable]

    def output(self):
        return self.variable


class StayConstraint(UnaryConstraint):
    def propagate(self):
        result = super().propagate()
        self.variable.value = self.variable.value
        return result


class ScaleConstraint(Constraint):
    def __init__(self, source, destination, scale, offset, strength):
        super().__init__(strength)
        self.source = source
        self.destination = destination
        self.scale = scale
        self.offset = offset

    def variables(self):
        return [self.source, self.destination]

    def output(self):
        return self.destination

    def propagate(self):
        out = super().propagate()
        out.value = (self.source.value * self.scale + self.offset) % 1000003
        return out


def build_chain(length):
    variables = [Variable(f"v{i}", i) for i in range(length)]
    constraints = [StayConstraint(variables[0], 3)]
    for i in range(length - 1):
        constraints.append(ScaleConstraint(variables[i], variables[i + 1], 3, i, 2))
    for c in constraints:
        c.add_to_graph()
    return variables, constraints


def solve(variables, constraints, rounds):
    checksum = 0
    for r in range(rounds):
        variables[0].value = r
        for c in constraints:
            changed = c.propagate()
            checksum = (checksum + changed.value) % 1000000007
    return checksum


variables, constraints = build_chain(200)
print(solve(variables, constraints, 1500), sum(len(v.constraints) for v in variables))
