# A cooperative task scheduler: tasks of several kinds pass packets
# through queues, and the scheduler dispatches by method calls (an
# object-oriented workload in the spirit of richards).
class Packet:
    def __init__(self, destination, kind, data):
        self.destination = destination
        self.kind = kind
        self.data = data
        self.next = None


class Task:
    def __init__(self, identifier, priority, scheduler):
        self.identifier = identifier
        self.priority = priority
        self.scheduler = scheduler
        self.queue = []
        self.handled = 0

    def receive(self, packet):
        self.queue.append(packet)

    def ready(self):
        return len(self.queue) > 0

    def run(self):
        packet = self.queue.pop(0)
        self.handled += 1
        return self.process(packet)

    def process(self, packet):
        return None


class Worker(Task):
    def process(self, packet):
        packet.data = (packet.data * 17 + self.identifier) % 1000003
        packet.destination = (packet.destination + 1) % self.scheduler.size
        return packet


class Doubler(Task):
    def process(self, packet):
        packet.data = (packet.data * 2) % 1000003
        packet.kind = 1 - packet.kind
        packet.destination = (packet.destination + packet.kind + 1) % self.scheduler.size
        return packet


class Sink(Task):
    def __init__(self, identifier, priority, scheduler):
        super().__init__(identifier, priority, scheduler)
        self.total = 0

    def process(self, packet):
        self.total = (self.total + packet.data) % 1000000007
        if self.total % 3 == 0:
            return None
        packet.destination = 0
        return packet


class Scheduler:
    def __init__(self, size):
        self.size = size
        self.tasks = []
        for i in range(size):
            kind = (Worker, Doubler, Sink)[i % 3]
            self.tasks.append(kind(i, size - i, self))

    def schedule(self, rounds):
        for r in range(rounds):
            self.tasks[r % self.size].receive(Packet(r % self.size, r % 2, r))
            for task in self.tasks:
                while task.ready():
                    packet = task.run()
                    if packet is not None and packet.data % 7 != 0:
                        self.tasks[packet.destination].receive(packet)


scheduler = Scheduler(12)
scheduler.schedule(20000)
print(sum(t.handled for t in scheduler.tasks), [t.total for t in scheduler.tasks if isinstance(t, Sink)])
