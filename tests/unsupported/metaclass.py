class Ordered(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return {}
class Form(metaclass=Ordered):
    pass
